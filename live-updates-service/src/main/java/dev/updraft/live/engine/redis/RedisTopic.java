package dev.updraft.live.engine.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.live.engine.EventFrames;
import dev.updraft.live.engine.SubscribeOutcome;
import dev.updraft.live.fanout.Delivery;
import dev.updraft.live.fanout.LoopHub;
import dev.updraft.live.fanout.Subscription;
import dev.updraft.model.live.Member;
import dev.updraft.model.live.ServerFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This replica's view of one topic whose state lives in Redis: which of its event loops have subscribers,
 * how far the topic's events have been fanned out to them, its own members, long-poll waiters. Everything is
 * guarded by {@link #lock}; the engine does the I/O and calls in here with the answers.
 *
 * <p>Invariants:
 * <ul>
 * <li>{@link #last} is the offset of the last event enqueued to the hubs, in {@link #epoch}; events are
 * enqueued only as {@code last + 1}, so every hub receives the topic's events in offset order without gaps.
 * A live message that arrives past a gap (pub/sub lost messages while disconnected) is {@link #held} until
 * a catch-up read from the stream fills the gap. Events that can no longer be read (trimmed, or a new epoch
 * after Redis lost the history) are announced with a {@link Delivery#restart} notice, never skipped
 * silently.</li>
 * <li>A subscription joins its hub and {@link #hubs} in the same critical section (on its hub's loop) that
 * fixes its replay (offsets up to {@code top}) and its first live offset ({@code top + 1}), where
 * {@code top} is at least {@link #last}: events up to {@code last} are replayed (from the read, or from
 * {@link #recent} when pub/sub outran the read), later ones are enqueued after it joined.</li>
 * </ul>
 */
final class RedisTopic {

    /** Events kept to hand over to a subscriber whose read was overtaken by pub/sub. */
    private static final int RECENT = 256;
    private static final LoopHub[] NO_HUBS = new LoopHub[0];

    record Waiter(long since, Runnable callback) {
    }

    /** What a subscribe read leads to: an outcome, or read again. */
    record Completion(SubscribeOutcome outcome, boolean registered) {
        static final Completion RETRY = new Completion(null, false);
    }

    final String name;
    final ReentrantLock lock = new ReentrantLock();
    /** Live-only reads of this topic, shared by the callers waiting at the same time (its own lock). */
    final SharedRead liveRead = new SharedRead();
    private final ObjectMapper mapper;

    // all fields below: guarded by lock
    boolean retired;
    String epoch;
    long last;
    private final Map<LoopHub, Integer> hubCounts = new HashMap<>();
    private LoopHub[] hubs = NO_HUBS;
    private final ArrayDeque<Delivery> recent = new ArrayDeque<>();
    private final TreeMap<Long, Entry> held = new TreeMap<>();
    private final Set<Subscription> pending = new HashSet<>();
    private int subscribers;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    boolean catchingUp;
    private boolean catchUpAgain;
    final List<String> ops = new ArrayList<>();
    boolean syncing;

    RedisTopic(String name, ObjectMapper mapper) {
        this.name = name;
        this.mapper = mapper;
    }

    /** A live event from pub/sub; returns true when a catch-up read is needed. */
    boolean onLive(Entry e, List<Runnable> woken) {
        wake(e.offset(), epoch != null && !e.epoch().equals(epoch), woken);
        if (epoch == null) {
            epoch = e.epoch();
            last = e.offset() - 1;
        }
        if (!e.epoch().equals(epoch)) {
            catchUpAgain = true; // the read decides which epoch is current
            return true;
        }
        if (e.offset() <= last) {
            return false;
        }
        if (e.offset() == last + 1) {
            deliver(e, woken);
            drainHeld(woken);
            return false;
        }
        held.put(e.offset(), e);
        return true;
    }

    /** A presence frame (join/leave) from pub/sub: outside the offset sequence. */
    void onPresence(String frame) {
        broadcast(Delivery.of(name, 0, frame, System.nanoTime()));
    }

    /** Applies a catch-up read from {@code last + 1}; returns true when another round is needed. */
    boolean applyCatchUp(ReadResult r, boolean truncated, List<Runnable> woken) {
        if (epoch == null) {
            epoch = r.epoch();
            last = r.last();
        } else if (!r.epoch().equals(epoch)) {
            epoch = r.epoch();
            held.clear();
            restart(r.entries().isEmpty() ? r.last() + 1 : r.entries().get(0).offset());
        }
        for (Entry e : r.entries()) {
            if (e.offset() <= last) {
                continue;
            }
            if (e.offset() > last + 1) {
                restart(e.offset()); // trimmed before this replica could read them
            }
            deliver(e, woken);
        }
        if (!truncated && last < r.last()) {
            restart(r.last() + 1); // the newest entries aged out before anyone read them
        }
        drainHeld(woken);
        boolean more = truncated || catchUpAgain || !held.isEmpty();
        catchUpAgain = false;
        return more;
    }

    /** Registers {@code s} for live events; it waits for its read in {@link #complete}. */
    void begin(Subscription s) {
        pending.add(s);
    }

    /**
     * On the subscription's loop, with the read of its range: the replay/live hand-over. Returns
     * {@link Completion#RETRY} when the read cannot be reconciled with what this replica already fanned out.
     */
    Completion complete(Subscription s, Long since, String requestedEpoch, ReadResult r) {
        if (!pending.contains(s)) {
            return new Completion(new SubscribeOutcome(r.last(), r.epoch(), null, List.of()), false); // gone
        }
        if (epoch == null) {
            epoch = r.epoch();
            last = r.last();
        }
        if (!r.epoch().equals(epoch)) {
            return Completion.RETRY;
        }
        boolean sameEpoch = requestedEpoch == null || requestedEpoch.equals(epoch);
        long from = since == null ? Long.MAX_VALUE : sameEpoch ? since : 0;
        List<Delivery> replay = new ArrayList<>();
        for (Entry e : r.entries()) {
            if (e.offset() > from) {
                replay.add(delivery(e));
            }
        }
        long top = Math.max(r.last(), last);
        // pub/sub may have outrun the read: events fanned out before this subscription joined come from recent
        long missing = since == null ? Long.MAX_VALUE : Math.max(r.last(), from) + 1;
        if (missing <= last) {
            if (recent.isEmpty() || recent.peekFirst().offset() > missing) {
                return Completion.RETRY;
            }
            for (Delivery d : recent) {
                if (d.offset() >= missing) {
                    replay.add(d);
                }
            }
        }
        Boolean recovered = since == null ? null : sameEpoch && since <= top && since + 1 >= r.first();
        pending.remove(s);
        s.startLiveAt(top + 1);
        s.hub().add(s);
        addHub(s.hub());
        subscribers++;
        return new Completion(new SubscribeOutcome(top, epoch, recovered, replay), true);
    }

    /** Gives up a subscription whose read failed. */
    void abandon(Subscription s) {
        pending.remove(s);
    }

    /** Returns true when {@code s} was registered (its hub and the presence entries must be updated). */
    boolean unsubscribe(Subscription s) {
        if (pending.remove(s)) {
            return false;
        }
        s.hub().remove(s);
        removeHub(s.hub());
        subscribers--;
        return true;
    }

    void join(Member member) {
        members.put(member.client(), member);
    }

    boolean leave(Member member) {
        return members.remove(member.client()) != null;
    }

    /** This replica's whole share of the topic, for {@link Script#SYNC}'s {@code F} op. */
    void queueSnapshot() {
        ops.addAll(List.of("F", Integer.toString(subscribers), "", ""));
        members.values().forEach(m -> ops.addAll(List.of("M", m.client(), EventFrames.json(mapper, m), "")));
    }

    /** True when live messages wait behind a gap, or a read found another epoch: catch up again. */
    boolean needsCatchUp() {
        return !held.isEmpty() || catchUpAgain;
    }

    boolean hasSubscribers() {
        return subscribers > 0;
    }

    void addWaiter(Waiter w) {
        waiters.add(w);
    }

    boolean removeWaiter(Waiter w) {
        return waiters.remove(w);
    }

    /** True when nothing on this replica refers to the topic any more. */
    boolean idle() {
        return subscribers == 0 && pending.isEmpty() && waiters.isEmpty() && members.isEmpty() && ops.isEmpty()
                && !syncing && !catchingUp;
    }

    private void deliver(Entry e, List<Runnable> woken) {
        Delivery d = delivery(e);
        broadcast(d);
        last = e.offset();
        recent.addLast(d);
        if (recent.size() > RECENT) {
            recent.removeFirst();
        }
        wake(e.offset(), false, woken);
    }

    private void drainHeld(List<Runnable> woken) {
        while (!held.isEmpty()) {
            Entry first = held.firstEntry().getValue();
            if (first.offset() <= last || !first.epoch().equals(epoch)) {
                held.pollFirstEntry();
            } else if (first.offset() == last + 1) {
                held.pollFirstEntry();
                deliver(first, woken);
            } else {
                return;
            }
        }
    }

    /** Subscribers continue at {@code next}; they are told that what came before it is lost to them. */
    private void restart(long next) {
        last = next - 1;
        recent.clear();
        String notice = EventFrames.json(mapper, new ServerFrame.Subscribed(name, null, last, epoch, false));
        broadcast(Delivery.restart(name, next, notice));
    }

    private void wake(long offset, boolean epochChanged, List<Runnable> woken) {
        if (waiters.isEmpty()) {
            return;
        }
        waiters.removeIf(w -> {
            if (epochChanged || offset > w.since()) {
                woken.add(w.callback());
                return true;
            }
            return false;
        });
    }

    private void broadcast(Delivery d) {
        for (LoopHub hub : hubs) {
            hub.enqueue(d);
        }
    }

    private void addHub(LoopHub hub) {
        if (hubCounts.merge(hub, 1, Integer::sum) == 1) {
            hubs = hubCounts.keySet().toArray(LoopHub[]::new);
        }
    }

    private void removeHub(LoopHub hub) {
        Integer remaining = hubCounts.merge(hub, -1, Integer::sum);
        if (remaining != null && remaining <= 0) {
            hubCounts.remove(hub);
            hubs = hubCounts.keySet().toArray(LoopHub[]::new);
        }
    }

    private Delivery delivery(Entry e) {
        // publish time from the publishing replica's clock: the latency metric then spans the Redis hop
        long ageNanos = Math.max(0, System.currentTimeMillis() - e.tsMillis()) * 1_000_000;
        return Delivery.of(name, e.offset(), e.frame(), System.nanoTime() - ageNanos);
    }
}
