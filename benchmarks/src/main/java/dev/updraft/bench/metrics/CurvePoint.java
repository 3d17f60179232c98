package dev.updraft.bench.metrics;

/** One point of a percentile curve: {@code percentile} in [0, 100], {@code millis} the value at it. */
public record CurvePoint(double percentile, double millis) {
}
