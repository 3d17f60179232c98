package dev.updraft.live.engine.redis;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Coalesces one topic's live-only reads (epoch and last offset, no events): those of subscribes without
 * {@code since} and of long-poll waits. Such a read is valid for every caller that registered for pub/sub
 * before it was sent, so callers arriving while a read is in flight share the next one, sent as soon as the
 * current one answers. A burst of 10,000 subscribes to one topic then costs a few reads per round trip
 * instead of 10,000 pipelined scripts, which had made the heartbeat time out behind them.
 *
 * <p>Invariant, under {@link #lock}: {@link #next} is the batch not sent yet (null when nobody waits), and
 * {@link #inFlight} is true exactly while a read is outstanding; a batch is sent only when none is.
 */
final class SharedRead {

    private final ReentrantLock lock = new ReentrantLock();
    private CompletableFuture<ReadResult> next;
    private boolean inFlight;

    /** A read sent after this call; {@code read} sends one (all callers of a topic pass the same read). */
    Uni<ReadResult> join(Supplier<Uni<ReadResult>> read) {
        CompletableFuture<ReadResult> batch;
        boolean send;
        lock.lock();
        try {
            if (next == null) {
                next = new CompletableFuture<>();
            }
            batch = next;
            send = !inFlight;
            if (send) {
                inFlight = true;
                next = null;
            }
        } finally {
            lock.unlock();
        }
        if (send) {
            send(read, batch);
        }
        return Uni.createFrom().completionStage(batch);
    }

    private void send(Supplier<Uni<ReadResult>> read, CompletableFuture<ReadResult> batch) {
        read.get().subscribe().with(
                result -> {
                    batch.complete(result);
                    answered(read);
                },
                failure -> {
                    batch.completeExceptionally(failure);
                    answered(read);
                });
    }

    private void answered(Supplier<Uni<ReadResult>> read) {
        CompletableFuture<ReadResult> waiting;
        lock.lock();
        try {
            waiting = next;
            next = null;
            inFlight = waiting != null;
        } finally {
            lock.unlock();
        }
        if (waiting != null) {
            send(read, waiting);
        }
    }
}
