package dev.updraft.bench.metrics;

import java.time.Instant;

/**
 * Wall-clock microseconds since the epoch, cheap enough to read once per received frame.
 *
 * <p>Publisher and subscribers live in different processes, so latency needs a clock all of them share:
 * the realtime clock. Reading {@code Instant.now()} per frame allocates, so each process anchors the
 * realtime clock once and advances it with the monotonic clock; over a run of minutes the drift between
 * the two is a few microseconds, far below what the benchmarks report.
 */
public final class EpochClock {

    private static final long ANCHOR_NANOS = System.nanoTime();
    private static final long ANCHOR_MICROS = toMicros(Instant.now());

    private EpochClock() {
    }

    public static long micros() {
        return ANCHOR_MICROS + (System.nanoTime() - ANCHOR_NANOS) / 1_000;
    }

    public static long toMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
