package dev.updraft.live.engine.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.updraft.live.engine.EventFrames;
import dev.updraft.live.engine.SubscribeOutcome;
import dev.updraft.live.fanout.Delivery;
import dev.updraft.live.fanout.LoopHub;
import dev.updraft.live.fanout.Subscription;
import dev.updraft.model.live.EventPage;
import dev.updraft.model.live.Member;
import dev.updraft.model.live.ServerFrame;
import dev.updraft.model.live.TopicInfo;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The whole state of one topic, owned by this object and guarded by its one lock: offsets, history,
 * the set of event loops with subscribers, presence, long-poll waiters.
 *
 * <p>Invariants, all established under {@link #lock}:
 * <ul>
 * <li>offsets are assigned as {@code ++last}, and the event is enqueued to every hub in {@link #hubs}
 * before the lock is released, so each hub's inbox holds a topic's events in offset order;</li>
 * <li>a subscription is added to its hub, and its hub to {@link #hubs}, in the same critical section
 * that computes its replay (offsets up to {@code last}) and sets its first live offset to
 * {@code last + 1}. Every event is therefore either replayed or delivered live, never both, never
 * neither: the classic replay/live race has no window.</li>
 * </ul>
 * A topic that becomes idle is retired (removed from the engine's map while locked); callers that
 * obtained it before then see {@link #retired} and look the topic up again.
 */
final class Topic {

    private static final LoopHub[] NO_HUBS = new LoopHub[0];

    record Stored(ServerFrame.Event event, Delivery delivery, long tsMillis) {
    }

    final String name;
    final String epoch;
    final ReentrantLock lock = new ReentrantLock();

    // all fields below: guarded by lock
    boolean retired;
    private long last;
    private final ArrayDeque<Stored> history = new ArrayDeque<>();
    private final Map<LoopHub, Integer> hubCounts = new HashMap<>();
    private LoopHub[] hubs = NO_HUBS;
    private int subscribers;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final List<Runnable> waiters = new ArrayList<>();

    Topic(String name, String epoch) {
        this.name = name;
        this.epoch = epoch;
    }

    /** Appends and fans out; returns the waiters to wake once the lock is released. */
    List<Runnable> append(String from, JsonNode data, String fromJson, String dataJson, long publishedNanos,
            HistoryBounds bounds) {
        long now = System.currentTimeMillis();
        long offset = ++last;
        Instant ts = Instant.ofEpochMilli(now);
        String frame = EventFrames.event(name, offset, epoch, ts, fromJson, dataJson);
        Delivery delivery = Delivery.of(name, offset, frame, publishedNanos);
        history.addLast(new Stored(new ServerFrame.Event(name, offset, epoch, ts, from, data), delivery, now));
        trim(bounds, now);
        for (LoopHub hub : hubs) {
            hub.enqueue(delivery);
        }
        if (waiters.isEmpty()) {
            return List.of();
        }
        List<Runnable> woken = List.copyOf(waiters);
        waiters.clear();
        return woken;
    }

    long last() {
        return last;
    }

    SubscribeOutcome subscribe(Subscription subscription, Long since, String requestedEpoch, Member member,
            String joinFrame, HistoryBounds bounds) {
        trim(bounds, System.currentTimeMillis());
        Boolean recovered = null;
        List<Delivery> replay = List.of();
        if (since != null) {
            boolean sameEpoch = requestedEpoch == null || requestedEpoch.equals(epoch);
            // a stale epoch makes its offsets meaningless: replay all we hold of the current epoch instead
            long from = sameEpoch ? since : 0;
            recovered = sameEpoch && covers(since);
            replay = history.stream().filter(s -> s.event().offset() > from).map(Stored::delivery).toList();
        }
        subscription.startLiveAt(last + 1);
        subscription.hub().add(subscription);
        hubCounts.merge(subscription.hub(), 1, Integer::sum);
        if (hubCounts.get(subscription.hub()) == 1) {
            hubs = hubCounts.keySet().toArray(LoopHub[]::new);
        }
        subscribers++;
        if (member != null) {
            members.put(member.client(), member);
            broadcast(joinFrame);
        }
        return new SubscribeOutcome(last, epoch, recovered, replay);
    }

    void unsubscribe(Subscription subscription, Member member, String leaveFrame) {
        subscribers--;
        Integer remaining = hubCounts.merge(subscription.hub(), -1, Integer::sum);
        if (remaining != null && remaining <= 0) {
            hubCounts.remove(subscription.hub());
            hubs = hubCounts.keySet().toArray(LoopHub[]::new);
        }
        if (member != null && members.remove(member.client()) != null) {
            broadcast(leaveFrame);
        }
    }

    EventPage read(long since, int limit, HistoryBounds bounds) {
        trim(bounds, System.currentTimeMillis());
        List<ServerFrame.Event> events = history.stream()
                .filter(s -> s.event().offset() > since)
                .limit(limit)
                .map(Stored::event)
                .toList();
        return new EventPage(name, epoch, events, covers(since));
    }

    /** Returns true when {@code callback} was registered, false when an event past {@code since} exists. */
    boolean awaitAfter(long since, Runnable callback) {
        if (since != last) {
            return false;
        }
        waiters.add(callback);
        return true;
    }

    void cancelWaiter(Runnable callback) {
        waiters.remove(callback);
    }

    List<Member> members() {
        return List.copyOf(members.values());
    }

    TopicInfo info() {
        return new TopicInfo(name, subscribers, last, epoch);
    }

    int historySize() {
        return history.size();
    }

    /** True when nothing refers to this topic any more; history lost with it changes the epoch. */
    boolean idle(HistoryBounds bounds) {
        trim(bounds, System.currentTimeMillis());
        return subscribers == 0 && waiters.isEmpty() && members.isEmpty() && history.isEmpty();
    }

    /** True when every event after {@code since} is still in history (or none exists yet). */
    private boolean covers(long since) {
        if (since > last) {
            return false;
        }
        long first = history.isEmpty() ? last + 1 : history.peekFirst().event().offset();
        return since + 1 >= first;
    }

    private void broadcast(String frame) {
        if (frame == null) {
            return;
        }
        Delivery delivery = Delivery.of(name, 0, frame, System.nanoTime());
        for (LoopHub hub : hubs) {
            hub.enqueue(delivery);
        }
    }

    private void trim(HistoryBounds bounds, long nowMillis) {
        while (history.size() > bounds.size()) {
            history.removeFirst();
        }
        long oldest = nowMillis - bounds.ttlMillis();
        while (!history.isEmpty() && history.peekFirst().tsMillis() < oldest) {
            history.removeFirst();
        }
    }
}
