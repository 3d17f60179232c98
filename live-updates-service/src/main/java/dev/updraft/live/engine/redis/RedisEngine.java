package dev.updraft.live.engine.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.live.config.LiveConfig;
import dev.updraft.live.engine.EngineUnavailableException;
import dev.updraft.live.engine.Epochs;
import dev.updraft.live.engine.EventFrames;
import dev.updraft.live.engine.LiveEngine;
import dev.updraft.live.engine.SubscribeOutcome;
import dev.updraft.live.engine.TopicPatterns;
import dev.updraft.live.fanout.Subscription;
import dev.updraft.model.live.EventPage;
import dev.updraft.model.live.Member;
import dev.updraft.model.live.PublishResult;
import dev.updraft.model.live.ServerFrame;
import dev.updraft.model.live.TopicInfo;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The scale-out engine: every replica shares the topics through Redis. A Lua script per publish numbers the
 * event (gap-free offsets for all replicas), appends it to the topic's stream (the history), trims it and
 * publishes the pre-encoded frame; each replica receives every event once over one pattern subscription and
 * feeds it into its own event loops' {@link dev.updraft.live.fanout.LoopHub}s, exactly like the in-memory
 * engine does. {@link RedisTopic} keeps the order and the replay/live hand-over per replica; presence lives in
 * per-replica hashes with a TTL. The key layout is in the module README.
 */
public class RedisEngine implements LiveEngine {

    /** Subscribe reads that could not be reconciled with pub/sub before the subscribe fails (rare: churn). */
    private static final int HAND_OVER_ATTEMPTS = 10;

    private final Redis redis;
    private final Vertx vertx;
    private final ObjectMapper mapper;
    private final RedisKeys keys;
    private final RedisLink link;
    private final TopicPatterns joinLeave;
    private final String replica = Epochs.random();
    private final int historyLimit;
    private final long ttlMillis;
    private final long keepMillis;
    private final long presenceTtlMillis;
    private final Duration timeout;
    private final Map<String, RedisTopic> topics = new ConcurrentHashMap<>();
    private final AtomicReference<RedisConnection> pubSub = new AtomicReference<>();
    private final AtomicBoolean connecting = new AtomicBoolean();
    private volatile boolean commandsUp;
    private volatile boolean stopped;
    private volatile long historyEvents;
    private volatile int topicCount;

    public RedisEngine(Redis redis, Vertx vertx, ObjectMapper mapper, LiveConfig config) {
        this.redis = redis;
        this.vertx = vertx;
        this.mapper = mapper;
        LiveConfig.Redis settings = config.redis();
        this.keys = new RedisKeys(settings.keyPrefix());
        this.timeout = settings.timeout();
        this.link = new RedisLink(redis, timeout);
        this.joinLeave = new TopicPatterns(config.presence().joinLeaveTopics());
        this.historyLimit = config.history().size();
        this.ttlMillis = config.history().ttl().toMillis();
        // a topic outlives its newest event's history by a sweep: then it is forgotten, as in memory
        this.keepMillis = ttlMillis + config.history().sweepInterval().toMillis();
        this.presenceTtlMillis = settings.presenceTtl().toMillis();
        long heartbeat = settings.heartbeat().toMillis();
        vertx.setPeriodic(1, heartbeat, id -> heartbeat());
        vertx.setPeriodic(presenceTtlMillis / 3, id -> refreshPresence());
    }

    @Override
    public boolean isReady() {
        return !stopped && commandsUp && pubSub.get() != null;
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public Uni<PublishResult> publish(String topic, String from, JsonNode data) {
        long now = System.currentTimeMillis();
        String tail = EventFrames.tail(Instant.ofEpochMilli(now), EventFrames.json(mapper, from),
                EventFrames.json(mapper, data));
        List<String> args = List.of(topic, Epochs.random(), Long.toString(now), Long.toString(keepMillis),
                Integer.toString(historyLimit), Long.toString(now - ttlMillis), keys.channel(topic),
                EventFrames.head(topic), tail);
        return onCaller(link.eval(Script.PUBLISH, topicKeys(topic), args)
                .map(r -> new PublishResult(topic, r.get(0).toLong(), r.get(1).toString())));
    }

    @Override
    public Uni<SubscribeOutcome> subscribe(Subscription subscription, Long since, String epoch, Member member) {
        RedisTopic t = lockLive(subscription.topic());
        try {
            t.begin(subscription);
        } finally {
            t.lock.unlock();
        }
        return handOver(t, subscription, since, epoch, member, 1)
                .onFailure().invoke(failure -> withLock(t, () -> t.abandon(subscription)));
    }

    /**
     * Reads the range, then completes on the subscription's loop. Pub/sub kept running meanwhile, so the
     * topic may have moved on; {@link RedisTopic#complete} reconciles both, or asks for another read.
     */
    private Uni<SubscribeOutcome> handOver(RedisTopic t, Subscription s, Long since, String epoch, Member member,
            int attempt) {
        Uni<ReadResult> read = since == null ? liveRead(t)
                : read(t.name, since + 1, historyLimit, epoch == null ? "" : epoch);
        return read
                .emitOn(s.hub()::execute)
                .chain(r -> {
                    RedisTopic.Completion c = locked(t, () -> t.complete(s, since, epoch, r));
                    if (c == RedisTopic.Completion.RETRY) {
                        if (attempt >= HAND_OVER_ATTEMPTS) {
                            return Uni.createFrom().failure(new EngineUnavailableException("topic '" + t.name
                                    + "' changed under every read of its history", null));
                        }
                        catchUp(t);
                        return Uni.createFrom().voidItem()
                                .onItem().delayIt().by(Duration.ofMillis(5L * attempt))
                                .chain(() -> handOver(t, s, since, epoch, member, attempt + 1));
                    }
                    if (c.registered()) {
                        joined(t, member);
                    }
                    return Uni.createFrom().item(c.outcome());
                });
    }

    /** Announces the new subscriber after its outcome is fixed, so its own join follows its subscribed frame. */
    private void joined(RedisTopic t, Member member) {
        withLock(t, () -> {
            if (member == null) {
                t.ops.addAll(List.of("S", "", "", ""));
            } else {
                t.join(member);
                t.ops.addAll(List.of("J", member.client(), EventFrames.json(mapper, member),
                        presenceFrame(t.name, new ServerFrame.Join(t.name, member))));
            }
        });
        sync(t);
    }

    @Override
    public void unsubscribe(Subscription subscription, Member member) {
        RedisTopic t = topics.get(subscription.topic());
        if (t == null) {
            return;
        }
        withLock(t, () -> {
            if (!t.unsubscribe(subscription)) {
                return;
            }
            if (member == null) {
                t.ops.addAll(List.of("U", "", "", ""));
            } else {
                t.leave(member);
                t.ops.addAll(List.of("L", member.client(), "",
                        presenceFrame(t.name, new ServerFrame.Leave(t.name, member))));
            }
        });
        sync(t);
    }

    @Override
    public Uni<EventPage> read(String topic, long since, int limit) {
        return onCaller(read(topic, since + 1, limit, "")
                .map(r -> new EventPage(topic, r.epoch(), events(r), r.covers(since))));
    }

    @Override
    public Runnable onEventAfter(String topic, long since, Runnable callback) {
        RedisTopic t = lockLive(topic);
        RedisTopic.Waiter waiter = new RedisTopic.Waiter(since, callback);
        try {
            t.addWaiter(waiter);
        } finally {
            t.lock.unlock();
        }
        // registered first, then checked: an event published in between is seen by one or the other
        liveRead(t).subscribe().with(
                r -> {
                    if (r.last() != since) {
                        fire(t, waiter);
                    }
                },
                failure -> fire(t, waiter)); // the caller's read then reports the failure
        return () -> withLock(t, () -> t.removeWaiter(waiter));
    }

    @Override
    public Uni<List<TopicInfo>> topics() {
        long now = System.currentTimeMillis();
        List<String> args = List.of(keys.prefix(), Long.toString(now), Long.toString(now - keepMillis),
                Long.toString(now - ttlMillis));
        return onCaller(link.eval(Script.TOPICS, List.of(keys.index()), args)
                .map(r -> {
                    Response flat = r.get(1);
                    List<TopicInfo> infos = new ArrayList<>(flat.size() / 4);
                    for (int i = 0; i + 3 < flat.size(); i += 4) {
                        infos.add(new TopicInfo(flat.get(i).toString(), flat.get(i + 1).toInteger(),
                                flat.get(i + 2).toLong(), flat.get(i + 3).toString()));
                    }
                    historyEvents = r.get(0).toLong();
                    topicCount = infos.size();
                    return infos;
                }));
    }

    @Override
    public Uni<List<Member>> presence(String topic) {
        List<String> args = List.of(Long.toString(System.currentTimeMillis()), keys.replicaHashPrefix(topic));
        return onCaller(link.eval(Script.PRESENCE, List.of(keys.replicas(topic)), args)
                .map(r -> {
                    List<Member> members = new ArrayList<>(r.size());
                    for (int i = 0; i < r.size(); i++) {
                        members.add(parse(r.get(i).toString(), Member.class));
                    }
                    return members;
                }));
    }

    @Override
    public long historySize() {
        return historyEvents;
    }

    @Override
    public int topicCount() {
        return topicCount;
    }

    /** Forgets this replica's view of idle topics and refreshes the figures of the whole Redis. */
    @Override
    public void sweep() {
        for (RedisTopic t : topics.values()) {
            if (t.lock.tryLock()) {
                try {
                    if (!t.retired && t.idle()) {
                        t.retired = true;
                        topics.remove(t.name, t);
                    }
                } finally {
                    t.lock.unlock();
                }
            }
        }
        refreshFigures();
    }

    /** {@link #historySize} and {@link #topicCount} come from the topics listing, which updates them. */
    private void refreshFigures() {
        topics().subscribe().with(ignored -> {
        }, failure -> Log.debugf("topic figures not refreshed: %s", failure.getMessage()));
    }

    @Override
    public void stop() {
        stopped = true;
    }

    private void heartbeat() {
        link.send(Request.cmd(Command.PING)).subscribe().with(ok -> commands(true), failure -> commands(false));
        if (pubSub.get() == null) {
            connectPubSub();
        }
        for (RedisTopic t : topics.values()) {
            if (locked(t, t::needsCatchUp)) {
                catchUp(t);
            }
        }
    }

    private void commands(boolean up) {
        if (up != commandsUp) {
            commandsUp = up;
            if (up) {
                Log.infof("Redis reachable: live-updates engine ready (replica %s)", replica);
            } else {
                Log.warnf("Redis unreachable: readiness DOWN until it answers again");
            }
        }
    }

    /** One pattern subscription for the whole replica; after a reconnect, catches up on what it missed. */
    private void connectPubSub() {
        if (!connecting.compareAndSet(false, true)) {
            return;
        }
        redis.connect()
                .chain(c -> {
                    c.handler(this::onMessage);
                    c.exceptionHandler(e -> pubSubLost(c, e));
                    c.endHandler(() -> pubSubLost(c, null));
                    return c.send(Request.cmd(Command.PSUBSCRIBE).arg(keys.channelPattern()))
                            .ifNoItem().after(timeout).fail()
                            .onFailure().call(c::close)
                            .replaceWith(c);
                })
                .subscribe().with(c -> {
                    pubSub.set(c);
                    connecting.set(false);
                    Log.infof("subscribed to %s", keys.channelPattern());
                    topics.values().forEach(this::resync);
                    refreshFigures();
                }, failure -> {
                    connecting.set(false);
                    Log.debugf("Redis pub/sub not connected: %s", failure.getMessage());
                });
    }

    private void pubSubLost(RedisConnection c, Throwable cause) {
        if (pubSub.compareAndSet(c, null) && !stopped) {
            Log.warnf("Redis pub/sub connection lost (%s); reconnecting", cause == null ? "closed" : cause.getMessage());
        }
    }

    /** After pub/sub was down: fill what it missed, and restore this replica's presence (Redis may be new). */
    private void resync(RedisTopic t) {
        withLock(t, () -> {
            if (t.hasSubscribers()) {
                t.queueSnapshot();
            }
        });
        sync(t);
        catchUp(t);
    }

    private void refreshPresence() {
        for (RedisTopic t : topics.values()) {
            if (locked(t, t::hasSubscribers)) {
                withLock(t, t::queueSnapshot);
                sync(t);
            }
        }
    }

    /** Pub/sub: {@code e<offset> <epoch> <ts> <frame>} for events, {@code p <frame>} for join/leave. */
    private void onMessage(Response message) {
        if (message.size() < 4 || !"pmessage".equals(message.get(0).toString())) {
            return; // subscription confirmations
        }
        String topic = keys.topicOf(message.get(2).toString());
        RedisTopic t = topic == null ? null : topics.get(topic);
        if (t == null) {
            return; // nobody on this replica follows the topic
        }
        String payload = message.get(3).toString();
        if (payload.startsWith("p ")) {
            withLock(t, () -> t.onPresence(payload.substring(2)));
            return;
        }
        int a = payload.indexOf(' ');
        int b = payload.indexOf(' ', a + 1);
        int c = payload.indexOf(' ', b + 1);
        Entry e = new Entry(Long.parseLong(payload, 1, a, 10), payload.substring(a + 1, b),
                Long.parseLong(payload, b + 1, c, 10), payload.substring(c + 1));
        List<Runnable> woken = new ArrayList<>(0);
        if (locked(t, () -> t.onLive(e, woken))) {
            catchUp(t);
        }
        woken.forEach(Runnable::run);
    }

    /** Reads the stream from the topic's watermark on: one read at a time per topic, repeated until level. */
    private void catchUp(RedisTopic t) {
        long from;
        String expected;
        t.lock.lock();
        try {
            if (t.retired || t.catchingUp || t.epoch == null) {
                return;
            }
            t.catchingUp = true;
            from = t.last + 1;
            expected = t.epoch;
        } finally {
            t.lock.unlock();
        }
        read(t.name, from, historyLimit, expected).subscribe().with(r -> {
            List<Runnable> woken = new ArrayList<>(0);
            boolean more = locked(t, () -> {
                t.catchingUp = false;
                return t.applyCatchUp(r, r.entries().size() >= historyLimit, woken);
            });
            woken.forEach(Runnable::run);
            if (more) {
                catchUp(t);
            }
        }, failure -> {
            withLock(t, () -> t.catchingUp = false); // the heartbeat tries again
            Log.debugf("catch-up of %s failed: %s", t.name, failure.getMessage());
        });
    }

    /** Sends the topic's queued presence ops, one batch at a time so that they apply in order. */
    private void sync(RedisTopic t) {
        List<String> batch;
        t.lock.lock();
        try {
            if (t.syncing || t.ops.isEmpty()) {
                return;
            }
            batch = List.copyOf(t.ops);
            t.ops.clear();
            t.syncing = true;
        } finally {
            t.lock.unlock();
        }
        long now = System.currentTimeMillis();
        List<String> args = new ArrayList<>(5 + batch.size());
        args.addAll(List.of(replica, Long.toString(now + presenceTtlMillis), Long.toString(presenceTtlMillis),
                keys.channel(t.name), Long.toString(keepMillis)));
        args.addAll(batch);
        List<String> syncKeys = List.of(keys.replicaHashPrefix(t.name) + replica, keys.replicas(t.name),
                keys.meta(t.name), keys.log(t.name));
        Consumer<Object> done = ignored -> {
            withLock(t, () -> t.syncing = false);
            sync(t);
        };
        link.eval(Script.SYNC, syncKeys, args).subscribe().with(done::accept, failure -> {
            // lost with Redis: the snapshot sent after the reconnect restores this replica's share
            Log.debugf("presence of %s not written: %s", t.name, failure.getMessage());
            done.accept(failure);
        });
    }

    private void fire(RedisTopic t, RedisTopic.Waiter waiter) {
        if (locked(t, () -> t.removeWaiter(waiter))) {
            waiter.callback().run();
        }
    }

    private Uni<ReadResult> read(String topic, long from, int limit, String expectedEpoch) {
        long now = System.currentTimeMillis();
        List<String> args = List.of(topic, Epochs.random(), Long.toString(now), Long.toString(keepMillis),
                Long.toString(now - ttlMillis), Long.toString(Math.max(1, from)), Integer.toString(limit),
                expectedEpoch);
        return link.eval(Script.READ, topicKeys(topic), args).map(ReadResult::of);
    }

    /** The topic's epoch and last offset, read after this call (shared with concurrent callers). */
    private Uni<ReadResult> liveRead(RedisTopic t) {
        return t.liveRead.join(() -> read(t.name, 0, 0, ""));
    }

    private List<ServerFrame.Event> events(ReadResult r) {
        List<ServerFrame.Event> events = new ArrayList<>(r.entries().size());
        r.entries().forEach(e -> events.add(parse(e.frame(), ServerFrame.Event.class)));
        return events;
    }

    private List<String> topicKeys(String topic) {
        return List.of(keys.meta(topic), keys.log(topic), keys.index());
    }

    private String presenceFrame(String topic, ServerFrame frame) {
        return joinLeave.matches(topic) ? EventFrames.json(mapper, frame) : "";
    }

    private <T> T parse(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers reach the caller on its own Vert.x context (a connection's loop), not on Redis's. */
    private static <T> Uni<T> onCaller(Uni<T> uni) {
        Context context = Vertx.currentContext();
        return context == null ? uni : uni.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    /** The live topic of that name, locked; retries when it raced with {@link #sweep}. */
    private RedisTopic lockLive(String name) {
        while (true) {
            RedisTopic t = topics.computeIfAbsent(name, n -> new RedisTopic(n, mapper));
            t.lock.lock();
            if (!t.retired) {
                return t;
            }
            t.lock.unlock();
        }
    }

    private static <T> T locked(RedisTopic t, Supplier<T> action) {
        t.lock.lock();
        try {
            return action.get();
        } finally {
            t.lock.unlock();
        }
    }

    private static void withLock(RedisTopic t, Runnable action) {
        t.lock.lock();
        try {
            action.run();
        } finally {
            t.lock.unlock();
        }
    }
}
