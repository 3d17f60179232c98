package dev.updraft.aggregator.fanout;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * An asynchronous semaphore: {@link #withPermit} runs work once a permit is free, without blocking a
 * thread while it waits. A waiter that is cancelled (its deadline passed) leaves the queue at once, which
 * is why this is a queue of its own rather than {@code merge(n)}: queued items must be able to expire.
 *
 * <p>Invariant, guarded by {@code lock}: {@code available > 0} only while {@code waiters} is empty, and
 * every permit is owned by exactly one {@link Waiter} in state GRANTED or counted in {@code available}.
 * A waiter's state moves WAITING -> GRANTED -> DONE or WAITING -> DONE, each by one CAS, so a grant racing
 * with a cancellation either hands the permit on or gets it back, never loses it.
 */
public final class PermitQueue {

    private static final int WAITING = 0;
    private static final int GRANTED = 1;
    private static final int DONE = 2;

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final int capacity;
    private int available;

    public PermitQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.available = capacity;
    }

    /** Subscribes to {@code work} once a permit is held; the permit is returned when it ends or is cancelled. */
    public <T> Uni<T> withPermit(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Waiter waiter = new Waiter();
            if (tryTake(waiter)) {
                // a free permit: no need to wait, so no emitter and no hand-over (the usual case, per item)
                Uni<T> started;
                try {
                    started = work.get();
                } catch (RuntimeException e) {
                    waiter.finish();
                    throw e;
                }
                return started.onTermination().invoke(waiter::finish);
            }
            return Uni.createFrom().<Waiter> emitter(em -> {
                waiter.emitter = em;
                enqueue(waiter);
            })
                    .chain(ignored -> work.get())
                    .onTermination().invoke(waiter::finish);
        });
    }

    public int inFlight() {
        lock.lock();
        try {
            return capacity - available;
        } finally {
            lock.unlock();
        }
    }

    public int queued() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    /** Takes a free permit for {@code waiter} when one is free and nobody waits, leaving it GRANTED. */
    private boolean tryTake(Waiter waiter) {
        lock.lock();
        try {
            if (available == 0) {
                return false;
            }
            available--;
        } finally {
            lock.unlock();
        }
        waiter.state.set(GRANTED);
        return true;
    }

    private void enqueue(Waiter waiter) {
        boolean grantNow;
        lock.lock();
        try {
            grantNow = available > 0;
            if (grantNow) {
                available--;
            } else {
                waiters.addLast(waiter);
            }
        } finally {
            lock.unlock();
        }
        if (grantNow && !waiter.grant(true)) {
            release();
        }
    }

    /** Hands a freed permit to the next live waiter, or back to the pool when none waits. */
    private void release() {
        while (true) {
            Waiter next;
            lock.lock();
            try {
                next = waiters.pollFirst();
                if (next == null) {
                    available++;
                    return;
                }
            } finally {
                lock.unlock();
            }
            if (next.grant(false)) {
                return;
            }
        }
    }

    private void forget(Waiter waiter) {
        lock.lock();
        try {
            waiters.remove(waiter);
        } finally {
            lock.unlock();
        }
    }

    private final class Waiter {
        private final AtomicInteger state = new AtomicInteger(WAITING);
        /** The caller's event loop, where its work resumes once a permit is handed over. */
        private final Context context = Vertx.currentContext();
        private volatile UniEmitter<? super Waiter> emitter;

        /**
         * A permit freed by another request is handed over on the waiter's own context, not on the releasing
         * thread: the work then runs on its caller's event loop, and a chain of requests that finish at once
         * (all blocked, all cached) cannot grow the releasing thread's stack.
         */
        boolean grant(boolean immediate) {
            if (!state.compareAndSet(WAITING, GRANTED)) {
                return false;
            }
            if (immediate || context == null) {
                emitter.complete(this);
            } else {
                context.runOnContext(v -> emitter.complete(this));
            }
            return true;
        }

        void finish() {
            int previous = state.getAndSet(DONE);
            if (previous == GRANTED) {
                release();
            } else if (previous == WAITING) {
                forget(this);
            }
        }
    }
}
