package dev.updraft.live.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.updraft.live.fanout.Subscription;
import dev.updraft.model.live.EventPage;
import dev.updraft.model.live.Member;
import dev.updraft.model.live.PublishResult;
import dev.updraft.model.live.TopicInfo;
import java.util.List;

/**
 * The port every transport (WebSocket, SSE, HTTP) talks to: topics, offsets, epochs, history and presence.
 * Implementations own all topic state; callers never see it, only copies and pre-encoded frames.
 * Every method is non-blocking and may be called from an event loop.
 */
public interface LiveEngine {

    /** False once the engine stops accepting work (shutdown) or loses its backing store. */
    boolean isReady();

    /** A short description for health checks, e.g. {@code memory}. */
    String kind();

    /** Appends an event; its subscribers receive it in offset order. */
    PublishResult publish(String topic, String from, JsonNode data);

    /**
     * Registers {@code subscription} (on the event loop of its hub) and returns what to replay. The caller
     * writes the {@code subscribed} frame and then {@link Subscription#replay} before yielding the loop;
     * live events follow without gap or duplicate. {@code member} is null for anonymous streams (SSE).
     */
    SubscribeOutcome subscribe(Subscription subscription, Long since, String epoch, Member member);

    /** Undoes {@link #subscribe}; on the subscription's event loop. */
    void unsubscribe(Subscription subscription, Member member);

    /** Events with offsets greater than {@code since}, oldest first, at most {@code limit}. */
    EventPage read(String topic, long since, int limit);

    /**
     * Runs {@code callback} once, on any thread, as soon as the topic has an event past {@code since} (at
     * once if it already has, or if {@code since} is beyond the last offset). The returned handle cancels.
     */
    Runnable onEventAfter(String topic, long since, Runnable callback);

    List<TopicInfo> topics();

    List<Member> presence(String topic);

    /** Events held in history over all topics. */
    long historySize();

    /** Periodic housekeeping, e.g. forgetting idle topics; called on a timer, must not block. */
    void sweep();

    /** Stops accepting work: readiness goes down before connections are closed on shutdown. */
    void stop();
}
