package dev.updraft.live.engine.redis;

import dev.updraft.live.engine.EngineUnavailableException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's one command connection to Redis, pipelined. One connection rather than the pool because Redis
 * then runs a caller's commands in the order it sent them: a WebSocket client's publishes get increasing
 * offsets, and a replica's presence changes of one topic apply in order. A lost connection is replaced on
 * the next command. Answers complete on the connection's event loop.
 */
final class RedisLink {

    private final Redis redis;
    private final Duration timeout;
    private final AtomicReference<Uni<RedisConnection>> connection = new AtomicReference<>();

    RedisLink(Redis redis, Duration timeout) {
        this.redis = redis;
        this.timeout = timeout;
    }

    /** Runs {@code script}; a failure to reach Redis is an {@link EngineUnavailableException}. */
    Uni<Response> eval(Script script, List<String> keys, List<String> args) {
        return send(request(Command.EVALSHA, script.sha, keys, args))
                .onFailure(RedisLink::unknownScript)
                .recoverWithUni(() -> send(request(Command.EVAL, script.source, keys, args)));
    }

    Uni<Response> send(Request request) {
        return connection()
                .chain(c -> c.send(request))
                .ifNoItem().after(timeout).failWith(() -> new EngineUnavailableException(
                        "Redis did not answer within " + timeout.toMillis() + " ms", null))
                .onFailure(failure -> !(failure instanceof io.vertx.redis.client.Response))
                .transform(this::unavailable);
    }

    /** Closes the connection; the next command opens a new one. */
    void reset() {
        Uni<RedisConnection> current = connection.getAndSet(null);
        if (current != null) {
            current.subscribe().with(c -> c.close().subscribe().with(ignored -> {
            }, ignored -> {
            }), ignored -> {
            });
        }
    }

    private Uni<RedisConnection> connection() {
        while (true) {
            Uni<RedisConnection> current = connection.get();
            if (current != null) {
                return current;
            }
            AtomicReference<Uni<RedisConnection>> self = new AtomicReference<>();
            Uni<RedisConnection> fresh = redis.connect()
                    .invoke(c -> {
                        c.exceptionHandler(e -> forget(self.get(), e));
                        c.endHandler(() -> forget(self.get(), null));
                    })
                    .onFailure().invoke(e -> forget(self.get(), e))
                    .memoize().indefinitely();
            self.set(fresh);
            if (connection.compareAndSet(null, fresh)) {
                return fresh;
            }
        }
    }

    private void forget(Uni<RedisConnection> lost, Throwable cause) {
        if (lost != null && connection.compareAndSet(lost, null)) {
            Log.debugf("Redis command connection lost: %s", cause == null ? "closed" : cause.getMessage());
        }
    }

    private Throwable unavailable(Throwable failure) {
        if (failure instanceof EngineUnavailableException) {
            reset(); // a connection that let a command time out is not trusted with the next one
            return failure;
        }
        return new EngineUnavailableException("Redis is unreachable (" + failure.getMessage() + ")", failure);
    }

    private static boolean unknownScript(Throwable failure) {
        return failure instanceof io.vertx.redis.client.Response && String.valueOf(failure.getMessage()).startsWith("NOSCRIPT");
    }

    private static Request request(Command command, String script, List<String> keys, List<String> args) {
        Request request = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        args.forEach(request::arg);
        return request;
    }
}
