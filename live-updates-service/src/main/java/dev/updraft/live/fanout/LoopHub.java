package dev.updraft.live.fanout;

import dev.updraft.live.metrics.LiveMetrics;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The fan-out task of one event loop: it delivers every published frame to the subscriptions whose
 * connections live on this loop, so each write happens on the thread that owns the socket. Frames are grouped
 * by topic per turn, so order holds per topic (as the protocol promises), not across topics.
 *
 * <p>Threading: {@link #enqueue} may be called from any thread (publishers hold the topic's lock, so a
 * topic's frames enter the inbox in offset order). Everything else, including the subscription table and
 * the attached connections, is touched only on this hub's event loop; no locks are needed for it.
 */
public final class LoopHub {

    /**
     * Frames taken per turn before yielding the loop to its sockets' I/O. A topic's frames of one turn reach
     * each subscriber as one {@link Burst}: one write however many there are.
     */
    private static final int BATCH = 512;
    private static final Subscription[] NONE = new Subscription[0];

    private final Context context;
    private final LiveMetrics metrics;
    private final Queue<Delivery> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Map<String, Subscription[]> byTopic = new HashMap<>();
    private final Set<Heartbeat> attached = new LinkedHashSet<>();
    private final List<Sink> toFlush = new ArrayList<>();

    LoopHub(Context context, LiveMetrics metrics) {
        this.context = context;
        this.metrics = metrics;
    }

    /** A connection that wants a periodic tick on its own loop (pings, dead-peer and idle checks). */
    public interface Heartbeat {
        void tick(long nowNanos);

        /** The service is shutting down: tell the client (WebSocket close 1001, end of SSE stream). */
        void shutdown();
    }

    /** Any thread. Frames of one topic must be enqueued in offset order. */
    public void enqueue(Delivery delivery) {
        inbox.offer(delivery);
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(ignored -> drain());
        }
    }

    /** Loop only: the subscription receives every frame of its topic enqueued from now on. */
    public void add(Subscription subscription) {
        Subscription[] current = byTopic.getOrDefault(subscription.topic(), NONE);
        Subscription[] grown = Arrays.copyOf(current, current.length + 1);
        grown[current.length] = subscription;
        byTopic.put(subscription.topic(), grown);
    }

    /** Loop only. */
    public void remove(Subscription subscription) {
        Subscription[] current = byTopic.get(subscription.topic());
        if (current == null) {
            return;
        }
        int at = indexOf(current, subscription);
        if (at < 0) {
            return;
        }
        if (current.length == 1) {
            byTopic.remove(subscription.topic());
            return;
        }
        // a plain copy around the gap: when 10,000 connections of a topic leave at once, a stream per
        // removal cost the loop about a second
        Subscription[] shrunk = new Subscription[current.length - 1];
        System.arraycopy(current, 0, shrunk, 0, at);
        System.arraycopy(current, at + 1, shrunk, at, current.length - at - 1);
        byTopic.put(subscription.topic(), shrunk);
    }

    private static int indexOf(Subscription[] subscriptions, Subscription wanted) {
        for (int i = 0; i < subscriptions.length; i++) {
            if (subscriptions[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** Loop only. */
    public void attach(Heartbeat heartbeat) {
        attached.add(heartbeat);
    }

    /** Loop only. */
    public void detach(Heartbeat heartbeat) {
        attached.remove(heartbeat);
    }

    /** Loop only. */
    public boolean isAttached(Heartbeat heartbeat) {
        return attached.contains(heartbeat);
    }

    /** Loop only, from {@link Sink#send}: the sink wrote without flushing; flush it after this batch. */
    public void flushAfterBatch(Sink sink) {
        toFlush.add(sink);
    }

    /** Runs {@code task} on this hub's loop. */
    public void execute(Runnable task) {
        context.runOnContext(ignored -> task.run());
    }

    void tick(long nowNanos) {
        // copy: a tick may close a connection, which detaches it
        for (Heartbeat heartbeat : attached.toArray(Heartbeat[]::new)) {
            heartbeat.tick(nowNanos);
        }
    }

    /** Loop only: asks every attached connection to close for shutdown. */
    void shutdownAll() {
        for (Heartbeat heartbeat : attached.toArray(Heartbeat[]::new)) {
            heartbeat.shutdown();
        }
    }

    private void drain() {
        // cleared before polling: a frame offered from now on schedules another turn, so none is stranded
        scheduled.set(false);
        Map<String, Burst> bursts = new LinkedHashMap<>();
        Delivery delivery;
        int handled = 0;
        while (handled < BATCH && (delivery = inbox.poll()) != null) {
            handled++;
            bursts.computeIfAbsent(delivery.topic(), topic -> new Burst(new ArrayList<>())).add(delivery);
        }
        long delivered = 0;
        for (Burst burst : bursts.values()) {
            // arrays are replaced, never mutated, so a close triggered by a write cannot disturb this loop
            Subscription[] subscriptions = byTopic.getOrDefault(burst.topic(), NONE);
            for (Subscription subscription : subscriptions) {
                delivered += subscription.deliver(burst);
            }
            if (subscriptions.length > 0) {
                recordLatency(burst);
            }
        }
        for (Sink sink : toFlush) {
            sink.flush();
        }
        toFlush.clear();
        metrics.delivered(delivered);
        if (!inbox.isEmpty() && scheduled.compareAndSet(false, true)) {
            context.runOnContext(ignored -> drain());
        }
    }

    private void recordLatency(Burst burst) {
        long now = System.nanoTime();
        for (int i = 0; i < burst.size(); i++) {
            Delivery delivery = burst.get(i);
            if (delivery.isEvent()) {
                metrics.recordDeliveryLatency(now - delivery.publishedNanos());
            }
        }
    }
}
