package dev.updraft.bench.live;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.updraft.bench.metrics.LatencyStats;

/** Per-topic figures of one worker process, updated from every event loop. */
final class TopicStats {

    final LatencyStats latency = new LatencyStats();
    final LongAdder received = new LongAdder();
    final AtomicLong firstMicros = new AtomicLong();
    final AtomicLong lastMicros = new AtomicLong();
    final AtomicInteger subscribed = new AtomicInteger();
    final AtomicInteger errorFrames = new AtomicInteger();
}
