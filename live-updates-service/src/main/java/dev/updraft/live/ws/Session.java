package dev.updraft.live.ws;

import dev.updraft.live.auth.AuthException;
import dev.updraft.live.auth.Grant;
import dev.updraft.live.config.LiveConfig;
import dev.updraft.live.engine.EngineUnavailableException;
import dev.updraft.live.engine.LiveEngine;
import dev.updraft.live.engine.SubscribeOutcome;
import dev.updraft.live.fanout.Burst;
import dev.updraft.live.fanout.LoopHub;
import dev.updraft.live.fanout.Sink;
import dev.updraft.live.fanout.Subscription;
import dev.updraft.live.metrics.LiveMetrics;
import dev.updraft.model.live.ClientFrame;
import dev.updraft.model.live.CloseCodes;
import dev.updraft.model.live.ErrorCode;
import dev.updraft.model.live.Member;
import dev.updraft.model.live.ServerFrame;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One WebSocket connection: its subscriptions, limits and outbound queue. Every method runs on the
 * connection's event loop (the endpoint's callbacks are non-blocking and the fan-out runs there too),
 * so the state needs no locks; only {@link #pending} is atomic because write completions are callbacks.
 *
 * <p>Events take the fast path when the Netty channel is known ({@link UpgradeCheck}): the pre-encoded
 * UTF-8 payload, shared by all subscribers, is wrapped (not copied) in a text frame and written without
 * flushing; the hub flushes once per drain batch, so events that arrive faster than the socket drains
 * leave together. Replies (ack, error, …) go through websockets-next, on the same thread, so the order on
 * the wire is the order of the calls.
 */
final class Session implements Sink, LoopHub.Heartbeat {

    private static final Buffer PING = Buffer.buffer("ping");
    /** Unflushed frames after which a connection is flushed within a batch: bounds one system call. */
    private static final int FLUSH_EVERY = 64;

    private final WebSocketConnection connection;
    /** Null when the upgrade did not expose it; events then go through {@code sendText} as well. */
    private final Channel channel;
    /** Set with {@link #channel}. */
    private final PeerCloseWatch peerClosed;
    private final ChannelFutureListener onWritten = ignored -> written(1);
    private final Member member;
    /** What the token allows: subscribe/publish patterns and when the connection must end (close 4001). */
    private final Grant grant;
    private final LoopHub hub;
    private final LiveEngine engine;
    private final Frames frames;
    private final LiveMetrics metrics;
    private final LiveConfig.Limits limits;
    private final long pingNanos;
    private final long deadNanos;
    private final TokenBucket publishes;
    private final Map<String, Subscription> subscriptions = new HashMap<>();
    /** Frames handed to the socket but not yet written out: the outbound queue that is bounded. */
    private final AtomicInteger pending = new AtomicInteger();
    private boolean closing;
    private boolean flushScheduled;
    private int unflushed;
    private long lastInbound;
    private long lastMessage;
    private long lastPing;
    /** The token's expiry timer and the Vert.x instance that owns it; unset when the token never expires. */
    private Vertx timers;
    private long expiryTimer;

    Session(WebSocketConnection connection, Channel channel, Member member, Grant grant, LoopHub hub,
            LiveEngine engine, Frames frames, LiveMetrics metrics, LiveConfig config) {
        this.connection = connection;
        this.channel = channel;
        this.peerClosed = channel == null ? null : PeerCloseWatch.install(channel, connection);
        this.member = member;
        this.grant = grant;
        this.hub = hub;
        this.engine = engine;
        this.frames = frames;
        this.metrics = metrics;
        this.limits = config.limits();
        this.pingNanos = config.ping().interval().toNanos();
        this.deadNanos = pingNanos + config.ping().timeout().toNanos();
        long now = System.nanoTime();
        this.publishes = new TokenBucket(limits.publishRate(), limits.publishBurst(), now);
        this.lastInbound = now;
        this.lastMessage = now;
        this.lastPing = now;
    }

    void opened() {
        hub.attach(this);
        metrics.connectionOpened();
        metrics.webSocketOpened(channel != null);
        if (grant.expires()) {
            // a timer of its own rather than the hub's tick (a quarter of the ping interval): the close is due
            // at the token's expiry; opened() runs on the connection's loop, so the timer fires there too
            long delay = Math.max(1, grant.expiresAtMillis() - System.currentTimeMillis());
            timers = Vertx.currentContext().owner();
            expiryTimer = timers.setTimer(delay, ignored -> close(CloseCodes.TOKEN_EXPIRED,
                    "token expired: reconnect with a fresh token and recover with since"));
        }
    }

    void onText(String text) {
        long now = System.nanoTime();
        lastInbound = now;
        lastMessage = now;
        ClientFrame frame;
        try {
            frame = frames.read(text);
        } catch (Frames.BadFrame bad) {
            error(bad.ref(), ErrorCode.BAD_REQUEST, bad.getMessage());
            return;
        }
        try {
            switch (frame) {
                case ClientFrame.Subscribe s -> subscribe(s);
                case ClientFrame.Unsubscribe u -> unsubscribe(u);
                case ClientFrame.Publish p -> publish(p, now);
                case ClientFrame.PresenceQuery q -> presence(q);
            }
        } catch (RuntimeException e) {
            // a bug must cost this one frame, not the connection
            Log.errorf(e, "failed to handle %s frame on connection %s", frame.getClass().getSimpleName(),
                    member.client());
            error(frame.id(), ErrorCode.INTERNAL, "the server failed to handle this frame; try again");
        }
    }

    void onBinary() {
        lastInbound = System.nanoTime();
        error(null, ErrorCode.BAD_REQUEST, "binary frames are not part of the protocol: send JSON text frames");
    }

    void onPong() {
        lastInbound = System.nanoTime();
    }

    void closed() {
        cancelExpiry();
        closing = true;
        releaseSubscriptions();
        hub.detach(this);
        metrics.connectionClosed();
    }

    /** Closes with {@code code} unless already closing; used by limits, heartbeats and shutdown. */
    void close(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        cancelExpiry();
        // at once, not when the close handshake completes: a stalled peer may take its time, and until
        // then it would hold presence and cost the fan-out
        releaseSubscriptions();
        connection.close(new CloseReason(code, reason)).subscribe().with(
                ignored -> {
                },
                failure -> Log.debugf("closing %s: %s", member.client(), failure.getMessage()));
    }

    @Override
    public int send(Burst burst, int from, int to) {
        if (!admit()) {
            return 0;
        }
        writeEvents(burst, from, to);
        if (channel != null && !flushScheduled) {
            flushScheduled = true;
            hub.flushAfterBatch(this);
        }
        return to - from;
    }

    @Override
    public void sendReplayed(Burst events) {
        if (!closing) {
            writeEvents(events, 0, events.size());
        }
    }

    @Override
    public void flush() {
        flushScheduled = false;
        flushChannel();
    }

    private void flushChannel() {
        if (channel != null && unflushed > 0) {
            unflushed = 0;
            channel.flush();
        }
    }

    @Override
    public void shutdown() {
        close(CloseCodes.GOING_AWAY, "server shutting down: reconnect and recover with since");
    }

    /** Queues a reply frame unless the outbound queue is over its bound. */
    private void offer(String frame) {
        if (admit()) {
            write(frame);
        }
    }

    /** False when closing, or when the outbound queue is over its bound, in which case the client is closed. */
    private boolean admit() {
        if (closing) {
            return false;
        }
        // frames not flushed yet are this batch's, not a backlog the socket failed to drain
        if (pending.get() - unflushed >= limits.outboundQueue()) {
            Log.infof("closing %s (%s): %d frames waiting to be written", member.client(), member.user(),
                    pending.get());
            metrics.slowConsumerClosed();
            close(CloseCodes.SLOW_CONSUMER, "slow consumer: reconnect and recover with since");
            return false;
        }
        return true;
    }

    @Override
    public void tick(long now) {
        if (closing) {
            return;
        }
        if (now - lastInbound > deadNanos) {
            close(CloseReason.NORMAL.getCode(), "no pong or message within the ping timeout");
        } else if (subscriptions.isEmpty() && now - lastMessage > limits.idleTimeout().toNanos()) {
            close(CloseReason.NORMAL.getCode(), "idle: no subscription and no message");
        } else if (now - lastPing >= pingNanos) {
            lastPing = now;
            connection.sendPing(PING).subscribe().with(ignored -> {
            }, failure -> Log.debugf("ping to %s failed: %s", member.client(), failure.getMessage()));
        }
    }

    private void cancelExpiry() {
        if (timers != null) {
            timers.cancelTimer(expiryTimer);
            timers = null;
        }
    }

    private void releaseSubscriptions() {
        for (Subscription subscription : subscriptions.values()) {
            engine.unsubscribe(subscription, member);
            metrics.unsubscribed();
        }
        subscriptions.clear();
    }

    /** Events go out as one write of their pre-encoded frames, and count as that many queued frames. */
    private void writeEvents(Burst burst, int from, int to) {
        if (channel == null) {
            for (int i = from; i < to; i++) {
                write(burst.get(i).frame());
            }
            return;
        }
        if (peerClosed.seen()) {
            return; // the peer's close frame arrived; nothing may follow ours
        }
        int count = to - from;
        pending.addAndGet(count);
        metrics.outbound(count);
        ChannelFutureListener done = count == 1 ? onWritten : ignored -> written(count);
        channel.write(burst.webSocketFrames(from, to), channel.newPromise().addListener(done));
        unflushed += count;
        if (unflushed >= FLUSH_EVERY) {
            flushChannel();
        }
    }

    private void write(String frame) {
        pending.incrementAndGet();
        metrics.outbound(1);
        connection.sendText(frame).subscribe().with(
                ignored -> written(1),
                failure -> written(1));
    }

    private void written(int frames) {
        pending.addAndGet(-frames);
        metrics.outbound(-frames);
    }

    private void subscribe(ClientFrame.Subscribe frame) {
        String topic = frame.topic();
        if (!grant.maySubscribe(topic)) {
            forbidden(frame.id(), "subscribe", topic);
            return;
        }
        if (subscriptions.containsKey(topic)) {
            error(frame.id(), ErrorCode.BAD_REQUEST, "already subscribed to '" + topic + "'; unsubscribe first");
            return;
        }
        if (subscriptions.size() >= limits.maxTopicsPerConnection()) {
            error(frame.id(), ErrorCode.BAD_REQUEST, "at most " + limits.maxTopicsPerConnection()
                    + " topics per connection; unsubscribe from one first");
            return;
        }
        Subscription subscription = new Subscription(topic, this, hub);
        subscriptions.put(topic, subscription);
        metrics.subscribed();
        engine.subscribe(subscription, frame.since(), frame.epoch(), member).subscribe().with(
                outcome -> subscribed(frame, subscription, outcome),
                failure -> subscribeFailed(frame, subscription, failure));
    }

    /** On this loop, in the turn the engine emitted the outcome: the hand-over needs the replay written now. */
    private void subscribed(ClientFrame.Subscribe frame, Subscription subscription, SubscribeOutcome outcome) {
        if (subscriptions.get(frame.topic()) != subscription) {
            return; // unsubscribed or closed while the engine was answering
        }
        offer(frames.write(new ServerFrame.Subscribed(frame.topic(), frame.id(), outcome.offset(), outcome.epoch(),
                outcome.recovered())));
        subscription.replay(outcome.replay());
        flushChannel(); // the replay's tail is not flushed yet, and no drain is running to do it
    }

    /** The engine left nothing registered; the client may retry. */
    private void subscribeFailed(ClientFrame.Subscribe frame, Subscription subscription, Throwable failure) {
        if (subscriptions.remove(frame.topic(), subscription)) {
            metrics.unsubscribed();
            engineError(frame.id(), "subscribe", failure);
        }
    }

    private void unsubscribe(ClientFrame.Unsubscribe frame) {
        Subscription subscription = subscriptions.remove(frame.topic());
        if (subscription == null) {
            error(frame.id(), ErrorCode.BAD_REQUEST, "not subscribed to '" + frame.topic() + "'");
            return;
        }
        engine.unsubscribe(subscription, member);
        metrics.unsubscribed();
        offer(frames.write(new ServerFrame.Unsubscribed(frame.topic(), frame.id())));
    }

    private void publish(ClientFrame.Publish frame, long now) {
        if (!grant.mayPublish(frame.topic())) {
            forbidden(frame.id(), "publish", frame.topic());
            return;
        }
        if (!publishes.tryTake(now)) {
            metrics.rateLimited();
            error(frame.id(), ErrorCode.RATE_LIMITED, "more than " + limits.publishRate()
                    + " publishes per second; slow down and retry");
            return;
        }
        engine.publish(frame.topic(), member.user(), frame.data()).subscribe().with(
                result -> {
                    metrics.published(true);
                    offer(frames.write(new ServerFrame.Ack(frame.id(), frame.topic(), result.offset())));
                },
                failure -> engineError(frame.id(), "publish", failure));
    }

    private void presence(ClientFrame.PresenceQuery frame) {
        if (!grant.maySubscribe(frame.topic())) {
            forbidden(frame.id(), "subscribe", frame.topic());
            return;
        }
        engine.presence(frame.topic()).subscribe().with(
                members -> offer(frames.write(new ServerFrame.Presence(frame.id(), frame.topic(), members))),
                failure -> engineError(frame.id(), "presence", failure));
    }

    /** The engine answers on this loop, failures included (its store may be unreachable for a while). */
    private void engineError(String ref, String what, Throwable failure) {
        if (failure instanceof EngineUnavailableException) {
            error(ref, ErrorCode.INTERNAL, failure.getMessage() + "; retry shortly");
            return;
        }
        Log.errorf(failure, "%s failed on connection %s", what, member.client());
        error(ref, ErrorCode.INTERNAL, "the server failed to handle this frame; try again");
    }

    private void forbidden(String ref, String claim, String topic) {
        error(ref, ErrorCode.FORBIDDEN, AuthException.forbiddenTopic(claim, topic).getMessage());
    }

    private void error(String ref, ErrorCode code, String message) {
        offer(frames.write(new ServerFrame.Error(ref, code, message)));
    }
}
