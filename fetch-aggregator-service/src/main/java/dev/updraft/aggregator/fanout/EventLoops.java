package dev.updraft.aggregator.fanout;

import io.netty.channel.EventLoop;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Spreads the upstream exchanges of a call over the Vert.x event loops (as many as there are cores). A call
 * arrives on one loop; if all its upstream requests were issued from there, that loop would serialise the
 * per-item work (SSRF check, send, decode, metrics) and the last request of a large fan-out would leave
 * milliseconds after the first.
 * Each item instead runs its exchange on the next loop, round-robin, once it holds its permits (which are
 * still queued for in request order on the call's loop), and the rest of its work stays on that loop.
 */
@ApplicationScoped
public class EventLoops {

    private static final Cancellable CANCELLED = () -> { };

    private final Vertx vertx;
    private final AtomicInteger next = new AtomicInteger();
    private volatile List<Context> loops;

    public EventLoops(Vertx vertx) {
        this.vertx = vertx;
    }

    /** The next event-loop context, round-robin. */
    public Context next() {
        List<Context> all = loops();
        return all.get(Math.floorMod(next.getAndIncrement(), all.size()));
    }

    /**
     * Subscribes to {@code work} on {@code context}. A cancellation reaches the work wherever it runs, and a
     * cancellation that comes before the hop means the work is never subscribed at all.
     */
    public static <T> Uni<T> on(Context context, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            AtomicReference<Cancellable> running = new AtomicReference<>();
            return Uni.createFrom().<T> emitter(em -> context.runOnContext(v -> {
                if (running.get() == CANCELLED) {
                    return;
                }
                Cancellable subscription;
                try {
                    subscription = work.get().subscribe().with(em::complete, em::fail);
                } catch (RuntimeException e) {
                    em.fail(e);
                    return;
                }
                if (!running.compareAndSet(null, subscription)) {
                    subscription.cancel();
                }
            }))
                    .onCancellation().invoke(() -> {
                        Cancellable subscription = running.getAndSet(CANCELLED);
                        if (subscription != null) {
                            subscription.cancel();
                        }
                    });
        });
    }

    /** Lets {@code uni} complete on {@code context} (the caller's loop), or where it completes when null. */
    public static <T> Uni<T> backTo(Context context, Uni<T> uni) {
        if (context == null) {
            return uni;
        }
        // Always a hop, even from the same thread: the caller's (duplicated) context carries its request state.
        return uni.emitOn(task -> context.runOnContext(v -> task.run()));
    }

    private List<Context> loops() {
        List<Context> known = loops;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (loops == null) {
                VertxInternal internal = (VertxInternal) vertx.getDelegate();
                int size = 0;
                for (var ignored : internal.getEventLoopGroup()) {
                    size++;
                }
                // Quarkus starts two loops per core; spreading over more loops than cores only adds thread
                // switches (measured on 2 cores: 4 loops spread a call's sends over 2.6 ms, 2 loops over 2.0 ms,
                // with 9 % less CPU per call).
                int spread = Math.min(size, Runtime.getRuntime().availableProcessors());
                // createEventLoopContext() takes the group's loops round-robin and gives each context the
                // default worker pool, which executeBlocking (DNS, large bodies) needs; keep one per loop.
                List<Context> contexts = new ArrayList<>();
                List<EventLoop> seen = new ArrayList<>();
                for (int i = 0; i < 4 * size && contexts.size() < spread; i++) {
                    ContextInternal context = internal.createEventLoopContext();
                    if (!seen.contains(context.nettyEventLoop())) {
                        seen.add(context.nettyEventLoop());
                        contexts.add(context);
                    }
                }
                loops = List.copyOf(contexts);
            }
            return loops;
        }
    }
}
