package dev.updraft.live.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.updraft.live.fanout.Subscription;
import dev.updraft.model.live.EventPage;
import dev.updraft.model.live.Member;
import dev.updraft.model.live.PublishResult;
import dev.updraft.model.live.TopicInfo;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * The port every transport (WebSocket, SSE, HTTP) talks to: topics, offsets, epochs, history and presence.
 * Implementations own all topic state; callers never see it, only copies and pre-encoded frames.
 *
 * <p>Every method is non-blocking and may be called from an event loop. Answers that need the backing store
 * are {@link Uni}s: the in-memory engine emits them at once, on the calling thread, the Redis engine when Redis
 * answers, on the caller's Vert.x context. A store that cannot be reached fails them with
 * {@link EngineUnavailableException}.
 */
public interface LiveEngine {

    /** False once the engine stops accepting work (shutdown) or loses its backing store. */
    boolean isReady();

    /** A short description for health checks, e.g. {@code memory}. */
    String kind();

    /** Appends an event; its subscribers receive it in offset order. */
    Uni<PublishResult> publish(String topic, String from, JsonNode data);

    /**
     * Registers {@code subscription} (call on the event loop of its hub) and emits what to replay, on that
     * loop. The caller writes the {@code subscribed} frame and then {@link Subscription#replay} in the same
     * turn, before yielding the loop; live events follow without gap or duplicate. If it fails, nothing stays
     * registered. {@code member} is null for anonymous streams (SSE).
     */
    Uni<SubscribeOutcome> subscribe(Subscription subscription, Long since, String epoch, Member member);

    /** Undoes {@link #subscribe}, also while its outcome is still pending; on the subscription's event loop. */
    void unsubscribe(Subscription subscription, Member member);

    /** Events with offsets greater than {@code since}, oldest first, at most {@code limit}. */
    Uni<EventPage> read(String topic, long since, int limit);

    /**
     * Runs {@code callback} once, on any thread, as soon as the topic has an event past {@code since} (at
     * once if it already has, or if {@code since} is beyond the last offset). The returned handle cancels.
     */
    Runnable onEventAfter(String topic, long since, Runnable callback);

    Uni<List<TopicInfo>> topics();

    Uni<List<Member>> presence(String topic);

    /** Events held in history over all topics (the Redis engine's figure is refreshed by {@link #sweep}). */
    long historySize();

    /** Topics known to the engine, as cheap as {@link #historySize()}. */
    int topicCount();

    /** Periodic housekeeping, e.g. forgetting idle topics; called on a timer, must not block. */
    void sweep();

    /** Stops accepting work: readiness goes down before connections are closed on shutdown. */
    void stop();
}
