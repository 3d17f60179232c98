package dev.updraft.bench.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;

/**
 * The generator's HTTP/1.1 client (Vert.x, keep-alive pool to one loopback port). Used wherever request
 * timing is measured; control-plane calls that are not timed use the JDK client.
 */
public final class LoadClient implements AutoCloseable {

    /** A response with its whole body read. */
    public record Response(int status, Buffer body) {
    }

    private final HttpClient client;
    private final int port;

    public LoadClient(Vertx vertx, int port, int poolSize) {
        this.port = port;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                        .setDefaultHost("127.0.0.1")
                        .setDefaultPort(port)
                        .setKeepAlive(true)
                        .setTcpNoDelay(true)
                        .setConnectTimeout(10_000)
                        .setIdleTimeout(0),
                new PoolOptions().setHttp1MaxSize(poolSize).setMaxWaitQueueSize(100_000));
    }

    public Future<Response> post(String uri, String json) {
        return client.request(HttpMethod.POST, port, "127.0.0.1", uri)
                .compose(req -> req.putHeader("content-type", "application/json").send(Buffer.buffer(json)))
                .compose(resp -> resp.body().map(body -> new Response(resp.statusCode(), body)));
    }

    @Override
    public void close() {
        client.close();
    }
}
