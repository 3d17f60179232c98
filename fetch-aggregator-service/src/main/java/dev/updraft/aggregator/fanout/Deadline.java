package dev.updraft.aggregator.fanout;

import java.time.Duration;

/** The instant by which a whole aggregate call must answer, on the monotonic clock. */
public record Deadline(long startNanos, long expiresAtNanos) {

    public static Deadline in(Duration budget) {
        long now = System.nanoTime();
        return new Deadline(now, now + budget.toNanos());
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, expiresAtNanos - System.nanoTime()));
    }

    public boolean expired() {
        return System.nanoTime() - expiresAtNanos >= 0;
    }

    public long elapsedMillis() {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
