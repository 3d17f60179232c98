package dev.updraft.bench.aggregator;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

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

    /**
     * Drives {@code requests} GETs at the upstream itself (one in ten to the delayed path), {@code
     * concurrency} at a time, over the load generator's event loop. The upstream lives in the coordinator's
     * JVM and is started fresh for the aggregator scenarios: without this, its own class loading and JIT
     * warm-up would fall into the first system's measured calls and not into the peers'.
     */
    static void warm(Vertx vertx, int port, int requests, int concurrency) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(port).setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(concurrency));
        AtomicInteger started = new AtomicInteger();
        CompletableFuture<?>[] loops = new CompletableFuture<?>[concurrency];
        for (int i = 0; i < concurrency; i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            loops[i] = done;
            next(client, started, requests, done);
        }
        try {
            CompletableFuture.allOf(loops).get(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the upstream did not answer its warm-up: " + e, e);
        } finally {
            client.close();
        }
    }

    private static void next(HttpClient client, AtomicInteger started, int requests, CompletableFuture<Void> done) {
        int n = started.getAndIncrement();
        if (n >= requests) {
            done.complete(null);
            return;
        }
        client.request(HttpMethod.GET, (n % 10 == 0 ? "/slow/warm?n=" : "/fast/warm?n=") + n)
                .compose(req -> req.send().compose(HttpClientResponse::body))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        done.completeExceptionally(ar.cause());
                    } else {
                        next(client, started, requests, done);
                    }
                });
    }

    int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        server.close().toCompletionStage().toCompletableFuture().join();
    }
}
