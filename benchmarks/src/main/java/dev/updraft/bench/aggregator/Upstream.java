package dev.updraft.bench.aggregator;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The local upstream the aggregators fan out to: {@code GET /slow/...} answers after a fixed delay (a
 * timer, no thread held), {@code GET /fast/...} at once. A small JSON body, so the figures are about
 * concurrency and scheduling, not bytes.
 */
final class Upstream implements AutoCloseable {

    private static final String BODY = "{\"ok\":true,\"source\":\"bench-upstream\"}";

    private final HttpServer server;

    private Upstream(HttpServer server) {
        this.server = server;
    }

    static Upstream start(Vertx vertx, long slowDelayMs) {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                .setTcpNoDelay(true).setAcceptBacklog(4096));
        server.requestHandler(req -> {
            if (req.path().startsWith("/slow/")) {
                vertx.setTimer(slowDelayMs, id -> reply(req));
            } else {
                reply(req);
            }
        });
        return new Upstream(server.listen().toCompletionStage().toCompletableFuture().join());
    }

    private static void reply(io.vertx.core.http.HttpServerRequest req) {
        // no-store: what a per-request API answers; no aggregator may serve it from a cache
        req.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store").end(BODY);
    }

    int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        server.close().toCompletionStage().toCompletableFuture().join();
    }
}
