package dev.updraft.live.fanout;

import dev.updraft.live.metrics.LiveMetrics;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The fan-out task of one event loop: it delivers every published frame to the subscriptions whose
 * connections live on this loop, so each write happens on the thread that owns the socket.
 *
 * <p>Threading: {@link #enqueue} may be called from any thread (publishers hold the topic's lock, so a
 * topic's frames enter the inbox in offset order). Everything else, including the subscription table and
 * the attached connections, is touched only on this hub's event loop; no locks are needed for it.
 */
public final class LoopHub {

    /** Frames handled per turn before yielding the loop to its sockets' I/O. */
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
        long delivered = 0;
        Delivery delivery;
        int handled = 0;
        while (handled < BATCH && (delivery = inbox.poll()) != null) {
            handled++;
            // arrays are replaced, never mutated, so a close triggered by a write cannot disturb this loop
            Subscription[] subscriptions = byTopic.getOrDefault(delivery.topic(), NONE);
            for (Subscription subscription : subscriptions) {
                if (subscription.deliver(delivery)) {
                    delivered++;
                }
            }
            if (delivery.isEvent() && subscriptions.length > 0) {
                metrics.recordDeliveryLatency(System.nanoTime() - delivery.publishedNanos());
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
}
