package dev.updraft.aggregator;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP upstream on 127.0.0.1 and a random port, with the behaviours the tests need: delays,
 * statuses, text, binary, invalid JSON, endless and truncated bodies, redirects. It counts every request
 * per path and every connection, so tests can prove what did (or did not) reach it.
 */
public final class UpstreamServer implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger closedEarly = new AtomicInteger();
    private final HttpServer server;

    private UpstreamServer(HttpServerOptions options) throws Exception {
        server = vertx.createHttpServer(options.setHost("127.0.0.1").setPort(0))
                .connectionHandler(c -> connections.incrementAndGet())
                .requestHandler(this::handle)
                .listen()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public static UpstreamServer start() {
        return start(new HttpServerOptions());
    }

    /** With TLS options, e.g. a self-signed certificate and ALPN so that clients may choose HTTP/2. */
    public static UpstreamServer start(HttpServerOptions options) {
        try {
            return new UpstreamServer(options);
        } catch (Exception e) {
            throw new IllegalStateException("test upstream did not start", e);
        }
    }

    public int port() {
        return server.actualPort();
    }

    /** {@code http://127.0.0.1:port} + path. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public String localhostUrl(String path) {
        return "http://localhost:" + port() + path;
    }

    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    public int totalHits() {
        return hits.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public int connections() {
        return connections.get();
    }

    /** Responses the client abandoned before the server finished writing them. */
    public int closedEarly() {
        return closedEarly.get();
    }

    public void reset() {
        hits.clear();
        connections.set(0);
        closedEarly.set(0);
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private void handle(HttpServerRequest req) {
        int hit = hits.computeIfAbsent(req.path(), p -> new AtomicInteger()).incrementAndGet();
        HttpServerResponse res = req.response();
        res.closeHandler(v -> {
            if (!res.ended()) {
                closedEarly.incrementAndGet();
            }
        });
        long delay = longParam(req, "delay", 0);
        if (req.path().startsWith("/hedge") && hit == 1) {
            delay = 3000;
        }
        Runnable answer = () -> answer(req, res, hit);
        if (delay > 0) {
            vertx.setTimer(delay, t -> answer.run());
        } else {
            answer.run();
        }
    }

    private void answer(HttpServerRequest req, HttpServerResponse res, int hit) {
        if (res.closed()) {
            // The client gave up while the answer was delayed (reset on timeout or deadline).
            return;
        }
        String path = req.path();
        if (path.startsWith("/status/")) {
            int status = Integer.parseInt(path.substring("/status/".length()));
            res.setStatusCode(status).putHeader("Content-Type", "text/plain").end("status " + status);
        } else if (path.startsWith("/text")) {
            res.putHeader("Content-Type", "text/plain; charset=utf-8").end("héllo " + req.getParam("v", ""));
        } else if (path.startsWith("/bytes")) {
            res.putHeader("Content-Type", "application/octet-stream").end(Buffer.buffer(binary()));
        } else if (path.startsWith("/invalid-json/trailing")) {
            res.putHeader("Content-Type", "application/json").end("{\"ok\":true} and then some");
        } else if (path.startsWith("/invalid-json")) {
            res.putHeader("Content-Type", "application/json").end("{\"unterminated\": ");
        } else if (path.startsWith("/big")) {
            int size = (int) longParam(req, "bytes", 1024);
            res.putHeader("Content-Type", "application/octet-stream").end(Buffer.buffer(new byte[size]));
        } else if (path.startsWith("/endless")) {
            endless(res);
        } else if (path.startsWith("/slow-body")) {
            slowBody(res, longParam(req, "after", 1000));
        } else if (path.startsWith("/reset")) {
            res.setChunked(true).putHeader("Content-Type", "text/plain").write("partial body ");
            vertx.setTimer(50, t -> req.connection().close());
        } else if (path.startsWith("/redirect")) {
            res.setStatusCode(302).putHeader("Location", req.getParam("to")).end();
        } else if (path.startsWith("/loop")) {
            res.setStatusCode(302).putHeader("Location", "/loop").end();
        } else if (path.startsWith("/cached")) {
            res.putHeader("Cache-Control", req.getParam("cc", "max-age=60"));
            json(res, "{\"path\":\"" + path + "\",\"hit\":" + hit + "}");
        } else if (path.startsWith("/etag")) {
            if ("\"v1\"".equals(req.getHeader("If-None-Match"))) {
                hits.computeIfAbsent(path + "#304", p -> new AtomicInteger()).incrementAndGet();
                res.setStatusCode(304).putHeader("ETag", "\"v1\"").putHeader("Cache-Control", "no-cache").end();
            } else {
                res.putHeader("ETag", "\"v1\"").putHeader("Cache-Control", "no-cache");
                json(res, "{\"version\":1,\"hit\":" + hit + "}");
            }
        } else if (path.startsWith("/flaky")) {
            int failures = (int) longParam(req, "fail", 1);
            int status = (int) longParam(req, "status", 503);
            if (hit <= failures) {
                res.setStatusCode(status).putHeader("Content-Type", "text/plain").end("failure " + hit);
            } else {
                json(res, "{\"path\":\"" + path + "\",\"hit\":" + hit + "}");
            }
        } else {
            json(res, "{\"path\":\"" + path + "\",\"hit\":" + hit + ",\"v\":\"" + req.getParam("v", "")
                    + "\",\"host\":\"" + req.host() + "\",\"version\":\"" + req.version() + "\",\"auth\":"
                    + (req.getHeader("Authorization") == null ? "null" : "\"" + req.getHeader("Authorization") + "\"")
                    + "}");
        }
    }

    private static void json(HttpServerResponse res, String body) {
        res.putHeader("Content-Type", "application/json").end(body);
    }

    private void endless(HttpServerResponse res) {
        res.setChunked(true).putHeader("Content-Type", "application/octet-stream");
        Buffer chunk = Buffer.buffer(new byte[256 * 1024]);
        long timer = vertx.setPeriodic(5, t -> {
            if (!res.closed()) {
                res.write(chunk);
            }
        });
        res.closeHandler(v -> {
            vertx.cancelTimer(timer);
            closedEarly.incrementAndGet();
        });
        res.endHandler(v -> vertx.cancelTimer(timer));
    }

    private void slowBody(HttpServerResponse res, long after) {
        res.setChunked(true).putHeader("Content-Type", "application/json").write("{\"slow\":");
        vertx.setTimer(after, t -> {
            if (!res.closed()) {
                res.end("true}");
            }
        });
    }

    private static byte[] binary() {
        byte[] b = new byte[256];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static long longParam(HttpServerRequest req, String name, long fallback) {
        String v = req.getParam(name);
        return v == null ? fallback : Long.parseLong(v);
    }
}
