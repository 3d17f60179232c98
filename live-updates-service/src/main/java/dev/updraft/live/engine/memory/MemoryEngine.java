package dev.updraft.live.engine.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.live.config.LiveConfig;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The embedded engine: every topic lives in this process. Its epoch is random per topic incarnation, so
 * a restart (or forgetting an idle topic) tells recovering clients that their offsets are void.
 */
public class MemoryEngine implements LiveEngine {


    private final ObjectMapper mapper;
    private final HistoryBounds bounds;
    private final TopicPatterns joinLeave;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    public MemoryEngine(ObjectMapper mapper, LiveConfig config) {
        this.mapper = mapper;
        this.bounds = new HistoryBounds(config.history().size(), config.history().ttl().toMillis());
        this.joinLeave = new TopicPatterns(config.presence().joinLeaveTopics());
    }

    @Override
    public boolean isReady() {
        return !stopped;
    }

    @Override
    public String kind() {
        return "memory";
    }

    @Override
    public Uni<PublishResult> publish(String topic, String from, JsonNode data) {
        return Uni.createFrom().item(() -> append(topic, from, data));
    }

    private PublishResult append(String topic, String from, JsonNode data) {
        long publishedNanos = System.nanoTime();
        // rendered outside the lock: the critical section only numbers, stores and enqueues
        String fromJson = EventFrames.json(mapper, from);
        String dataJson = EventFrames.json(mapper, data);
        Topic t = lockLive(topic);
        List<Runnable> woken;
        long offset;
        try {
            woken = t.append(from, data, fromJson, dataJson, publishedNanos, bounds);
            offset = t.last();
        } finally {
            t.lock.unlock();
        }
        woken.forEach(Runnable::run);
        return new PublishResult(topic, offset, t.epoch);
    }

    @Override
    public Uni<SubscribeOutcome> subscribe(Subscription subscription, Long since, String epoch, Member member) {
        return Uni.createFrom().item(() -> register(subscription, since, epoch, member));
    }

    private SubscribeOutcome register(Subscription subscription, Long since, String epoch, Member member) {
        String joinFrame = member != null && joinLeave.matches(subscription.topic())
                ? EventFrames.json(mapper, new ServerFrame.Join(subscription.topic(), member))
                : null;
        Topic t = lockLive(subscription.topic());
        try {
            return t.subscribe(subscription, since, epoch, member, joinFrame, bounds);
        } finally {
            t.lock.unlock();
        }
    }

    @Override
    public void unsubscribe(Subscription subscription, Member member) {
        String leaveFrame = member != null && joinLeave.matches(subscription.topic())
                ? EventFrames.json(mapper, new ServerFrame.Leave(subscription.topic(), member))
                : null;
        Topic t = lockLive(subscription.topic());
        try {
            t.unsubscribe(subscription, member, leaveFrame);
        } finally {
            t.lock.unlock();
        }
        subscription.hub().remove(subscription);
    }

    @Override
    public Uni<EventPage> read(String topic, long since, int limit) {
        return Uni.createFrom().item(() -> withTopic(topic, t -> t.read(since, limit, bounds)));
    }

    @Override
    public Runnable onEventAfter(String topic, long since, Runnable callback) {
        boolean waiting = withTopic(topic, t -> t.awaitAfter(since, callback));
        if (!waiting) {
            callback.run();
            return () -> {
            };
        }
        return () -> withTopic(topic, t -> {
            t.cancelWaiter(callback);
            return null;
        });
    }

    @Override
    public Uni<List<TopicInfo>> topics() {
        return Uni.createFrom().item(() -> topics.values().stream()
                .map(t -> withLock(t, Topic::info))
                .filter(info -> info != null)
                .sorted(Comparator.comparing(TopicInfo::topic))
                .toList());
    }

    @Override
    public Uni<List<Member>> presence(String topic) {
        return Uni.createFrom().item(() -> withTopic(topic, Topic::members));
    }

    @Override
    public int topicCount() {
        return topics.size();
    }

    @Override
    public long historySize() {
        long total = 0;
        for (Topic t : topics.values()) {
            Integer size = withLock(t, Topic::historySize);
            total += size == null ? 0 : size;
        }
        return total;
    }

    @Override
    public void stop() {
        stopped = true;
    }

    /** Forgets idle topics so that abandoned names do not hold memory forever. */
    @Override
    public void sweep() {
        int before = topics.size();
        for (Topic t : topics.values()) {
            if (t.lock.tryLock()) {
                try {
                    if (!t.retired && t.idle(bounds)) {
                        t.retired = true;
                        topics.remove(t.name, t);
                    }
                } finally {
                    t.lock.unlock();
                }
            }
        }
        if (topics.size() < before) {
            Log.debugf("forgot %d idle topics", before - topics.size());
        }
    }

    private <T> T withTopic(String name, Function<Topic, T> action) {
        Topic t = lockLive(name);
        try {
            return action.apply(t);
        } finally {
            t.lock.unlock();
        }
    }

    /** Applies {@code action} unless the topic was retired meanwhile (then null). */
    private static <T> T withLock(Topic t, Function<Topic, T> action) {
        t.lock.lock();
        try {
            return t.retired ? null : action.apply(t);
        } finally {
            t.lock.unlock();
        }
    }

    /** The live topic of that name, locked; retries when it raced with {@link #sweep}. */
    private Topic lockLive(String name) {
        while (true) {
            Topic t = topics.computeIfAbsent(name, n -> new Topic(n, Epochs.random()));
            t.lock.lock();
            if (!t.retired) {
                return t;
            }
            t.lock.unlock();
        }
    }
}
