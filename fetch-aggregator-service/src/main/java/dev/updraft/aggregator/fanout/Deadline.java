package dev.updraft.aggregator.fanout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The instant by which a whole aggregate call must answer, on the monotonic clock. A call's own deadline
 * never moves; the deadline of work shared by several calls ({@link #sharedCopy}) is extended by each call
 * that joins it, so the shared work ends with the last of their deadlines, not with the first caller's.
 */
public final class Deadline {

    private final long startNanos;
    private final AtomicLong expiresAtNanos;

    private Deadline(long startNanos, long expiresAtNanos) {
        this.startNanos = startNanos;
        this.expiresAtNanos = new AtomicLong(expiresAtNanos);
    }

    public static Deadline in(Duration budget) {
        long now = System.nanoTime();
        return new Deadline(now, now + budget.toNanos());
    }

    /** A deadline for work that other calls may join; see {@link #extendTo}. */
    public Deadline sharedCopy() {
        return new Deadline(startNanos, expiresAtNanos.get());
    }

    /** Moves this (shared) deadline to {@code other}'s when that is later; never earlier. */
    public void extendTo(Deadline other) {
        long theirs = other.expiresAtNanos.get();
        expiresAtNanos.accumulateAndGet(theirs, (mine, candidate) -> candidate - mine > 0 ? candidate : mine);
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, expiresAtNanos.get() - System.nanoTime()));
    }

    public boolean expired() {
        return System.nanoTime() - expiresAtNanos.get() >= 0;
    }

    public long elapsedMillis() {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
