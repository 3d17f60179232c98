package dev.updraft.bench.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The floor peer of the aggregator benchmark: the same fan-out in plain Vert.x, with none of the service's
 * features. One event loop per core, each call fanned out from the loop it arrived on over a keep-alive pool
 * of 256 connections; no bounds, deadline, SSRF check, cache, coalescing, retry or metrics. What it measures is
 * what a JVM event loop, the local upstream and the generator cost on this machine; the service's distance
 * from it is the cost of its features.
 *
 * <p>{@code POST /api/aggregate} takes DESIGN.md's request shape (only {@code id} and {@code url} are read) and
 * answers the same result shape: {@code status}, {@code latencyMs}, {@code contentType}, {@code bytes}, the
 * parsed JSON body and its {@code sha256}, or an {@code error}. {@code GET /healthz} answers when it is up.
 *
 * <p>Run as its own process: {@code BareVertxAggregator --port N}.
 */
public final class BareVertxAggregator extends AbstractVerticle {

    private static final Logger LOG = Logger.getLogger(BareVertxAggregator.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int POOL = 256;

    private final int port;
    private HttpClient client;

    private BareVertxAggregator(int port) {
        this.port = port;
    }

    public static void main(String[] args) {
        if (args.length != 2 || !args[0].equals("--port")) {
            LOG.severe("usage: BareVertxAggregator --port N");
            System.exit(2);
        }
        int loops = Runtime.getRuntime().availableProcessors();
        deploy(Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops)), Integer.parseInt(args[1]), loops)
                .onFailure(e -> {
                    LOG.log(Level.SEVERE, "cannot start", e);
                    System.exit(1);
                });
    }

    /** {@code instances} copies on one port, one per event loop. */
    static Future<String> deploy(Vertx vertx, int port, int instances) {
        return vertx.deployVerticle(() -> new BareVertxAggregator(port), new DeploymentOptions().setInstances(instances));
    }

    @Override
    public void start(io.vertx.core.Promise<Void> started) {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(POOL));
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
                .requestHandler(this::handle)
                .listen()
                .<Void>mapEmpty()
                .onComplete(started);
    }

    private void handle(HttpServerRequest req) {
        if (req.method() == HttpMethod.GET && req.path().equals("/healthz")) {
            req.response().putHeader("content-type", "application/json").end("{\"status\":\"UP\"}");
        } else if (req.method() == HttpMethod.POST && req.path().equals("/api/aggregate")) {
            req.body().onSuccess(body -> aggregate(req, body))
                    .onFailure(e -> req.response().setStatusCode(400).end(String.valueOf(e.getMessage())));
        } else {
            req.response().setStatusCode(404).end();
        }
    }

    private void aggregate(HttpServerRequest req, Buffer body) {
        long started = System.nanoTime();
        JsonNode requests;
        try {
            requests = JSON.readTree(body.getBytes()).path("requests");
        } catch (IOException e) {
            req.response().setStatusCode(400).end(e.getMessage());
            return;
        }
        List<Future<ObjectNode>> results = new ArrayList<>(requests.size());
        for (JsonNode r : requests) {
            results.add(fetch(r.path("id").asText(null), r.path("url").asText()));
        }
        Future.join(results).onComplete(all -> {
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode items = JSON.createArrayNode();
            boolean completed = true;
            for (Future<ObjectNode> f : results) {
                ObjectNode item = f.result();
                completed &= !item.has("error");
                items.add(item);
            }
            answer.put("completed", completed).put("elapsedMs", (System.nanoTime() - started) / 1_000_000)
                    .set("results", items);
            try {
                req.response().putHeader("content-type", "application/json")
                        .end(Buffer.buffer(JSON.writeValueAsBytes(answer)));
            } catch (IOException e) {
                req.response().setStatusCode(500).end();
            }
        });
    }

    /** Never fails: a failure becomes the item's {@code error}, as in the service. */
    private Future<ObjectNode> fetch(String id, String url) {
        long started = System.nanoTime();
        ObjectNode item = JSON.createObjectNode().put("id", id).put("url", url);
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url))
                .compose(request -> request.send())
                .compose(response -> response.body().map(bytes -> {
                    item.put("status", response.statusCode())
                            .put("latencyMs", (System.nanoTime() - started) / 1_000_000)
                            .put("contentType", response.getHeader("content-type"))
                            .put("bytes", bytes.length());
                    byte[] raw = bytes.getBytes();
                    try {
                        item.set("body", JSON.readTree(raw));
                    } catch (IOException e) {
                        item.put("body", bytes.toString());
                    }
                    item.put("sha256", sha256(raw));
                    if (response.statusCode() >= 400) {
                        item.putObject("error").put("kind", "http")
                                .put("message", "upstream answered " + response.statusCode());
                    }
                    return item;
                }))
                .recover(e -> {
                    item.put("latencyMs", (System.nanoTime() - started) / 1_000_000);
                    item.putObject("error").put("kind", "connect").put("message", String.valueOf(e.getMessage()));
                    return Future.succeededFuture(item);
                });
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
