package dev.updraft.bench.metrics;

/** A latency distribution in milliseconds, as reported in the result files and the report. */
public record Percentiles(long count, double min, double p50, double p90, double p99, double p999, double max,
                          double mean) {

    public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0, 0, 0, 0);
}
