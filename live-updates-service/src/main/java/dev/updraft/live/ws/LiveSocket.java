package dev.updraft.live.ws;

import dev.updraft.live.auth.Grant;
import dev.updraft.live.config.LiveConfig;
import dev.updraft.live.engine.LiveEngine;
import dev.updraft.live.fanout.LoopHubs;
import dev.updraft.live.metrics.LiveMetrics;
import dev.updraft.model.live.CloseCodes;
import dev.updraft.model.live.Member;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code /ws} endpoint. Callbacks are {@link NonBlocking}: they run on the connection's event loop,
 * the same thread as its fan-out, which is what lets {@link Session} go without locks.
 */
@WebSocket(path = "/ws")
public class LiveSocket {

    static final UserData.TypedKey<Session> SESSION = new UserData.TypedKey<>("updraft.live.session");
    static final String DEFAULT_USER = "anonymous";

    private final AtomicLong clients = new AtomicLong();
    /** Client ids must differ across replicas too: presence (Redis engine) lists members of all of them. */
    private final String instance = Integer.toString(new SecureRandom().nextInt(Integer.MAX_VALUE), 36);
    private final LiveEngine engine;
    private final LoopHubs hubs;
    private final Frames frames;
    private final LiveMetrics metrics;
    private final LiveConfig config;

    public LiveSocket(LiveEngine engine, LoopHubs hubs, Frames frames, LiveMetrics metrics, LiveConfig config) {
        this.engine = engine;
        this.hubs = hubs;
        this.frames = frames;
        this.metrics = metrics;
        this.config = config;
    }

    @OnOpen
    @NonBlocking
    void onOpen(WebSocketConnection connection) {
        Grant grant = connection.userData().get(UpgradeCheck.GRANT);
        String user = grant.user() != null ? grant.user() : userOf(connection.handshakeRequest().query());
        Member member = new Member("c-" + instance + "-" + clients.incrementAndGet(), user);
        Channel channel = connection.userData().get(UpgradeCheck.CHANNEL);
        if (channel != null) {
            OversizedFrameGuard.install(channel);
        }
        Session session = new Session(connection, channel, member, grant, hubs.current(), engine, frames, metrics,
                config);
        connection.userData().put(SESSION, session);
        session.opened();
    }

    @OnTextMessage
    @NonBlocking
    void onText(String message, WebSocketConnection connection) {
        connection.userData().get(SESSION).onText(message);
    }

    @OnBinaryMessage
    @NonBlocking
    void onBinary(Buffer message, WebSocketConnection connection) {
        connection.userData().get(SESSION).onBinary();
    }

    @OnPongMessage
    @NonBlocking
    void onPong(Buffer data, WebSocketConnection connection) {
        connection.userData().get(SESSION).onPong();
    }

    @OnClose
    @NonBlocking
    void onClose(WebSocketConnection connection) {
        Session session = connection.userData().remove(SESSION);
        if (session != null) {
            session.closed();
        }
    }

    /**
     * Vert.x reports a message over {@code max-message-size} as this failure (and drops the message); the
     * protocol promises close 1009 for it. Other failures are logged by websockets-next and the connection
     * stays open.
     */
    @OnError
    @NonBlocking
    void onFailure(IllegalStateException failure, WebSocketConnection connection) {
        Session session = connection.userData().get(SESSION);
        if (session != null && String.valueOf(failure.getMessage()).contains("max message size")) {
            session.close(CloseCodes.TOO_BIG, "message over " + config.limits().maxMessageBytes() + " bytes");
        } else {
            Log.warnf("WebSocket failure on %s: %s", connection.id(), failure.getMessage());
        }
    }

    /**
     * Without authentication: the {@code user} query parameter (validated at upgrade by {@link UpgradeCheck}),
     * or anonymous. With it, the token's {@code sub} names the user.
     */
    static String userOf(String query) {
        if (query == null || query.isEmpty()) {
            return DEFAULT_USER;
        }
        List<String> users = new QueryStringDecoder(query, false).parameters().get("user");
        return users == null || users.isEmpty() || users.getFirst().isBlank() ? DEFAULT_USER : users.getFirst();
    }
}
