package dev.updraft.bench.live;

import java.util.Map;

import dev.updraft.bench.metrics.DeliveryCounts;

/**
 * What one subscriber worker process reports for one topic: delivery accounting, the latency histogram
 * (encoded, see {@code LatencyStats#encode}), the first and last receive times, and connection health.
 */
public record WorkerReport(String topic, DeliveryCounts counts, String latency, long clamped, long firstMicros,
                           long lastMicros, int open, int closed, Map<Integer, Integer> closeCodes,
                           long errorFrames) {
}
