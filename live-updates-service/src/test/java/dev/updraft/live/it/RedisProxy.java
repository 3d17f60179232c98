package dev.updraft.live.it;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay in front of the real Redis, so a test can take "Redis" away from one replica and bring it
 * back on the same address: {@link #cut()} closes every relayed connection and stops listening.
 */
final class RedisProxy implements AutoCloseable {

    private final Vertx vertx;
    private final String redisHost;
    private final int redisPort;
    private final NetClient client;
    private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
    private NetServer server;
    private int port;

    RedisProxy(Vertx vertx, String redisHost, int redisPort) {
        this.vertx = vertx;
        this.redisHost = redisHost;
        this.redisPort = redisPort;
        this.client = vertx.createNetClient();
    }

    /** Listens (again) on the same port as before, or on a random one the first time. */
    RedisProxy open() throws Exception {
        server = vertx.createNetServer(new NetServerOptions().setReuseAddress(true)).connectHandler(this::relay);
        port = server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)
                .actualPort();
        return this;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    void cut() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        sockets.forEach(NetSocket::close);
        sockets.clear();
    }

    private void relay(NetSocket downstream) {
        downstream.pause();
        sockets.add(downstream);
        client.connect(redisPort, redisHost).onComplete(result -> {
            if (result.failed()) {
                downstream.close();
                return;
            }
            NetSocket upstream = result.result();
            sockets.add(upstream);
            downstream.handler(upstream::write);
            upstream.handler(downstream::write);
            downstream.closeHandler(ignored -> upstream.close());
            upstream.closeHandler(ignored -> downstream.close());
            downstream.resume();
        });
    }

    @Override
    public void close() throws Exception {
        cut();
        client.close();
    }
}
