package dev.updraft.aggregator.metrics;

import dev.updraft.aggregator.cache.ResponseCache;
import dev.updraft.aggregator.fanout.ConcurrencyLimits;
import dev.updraft.aggregator.resilience.CircuitBreaker;
import dev.updraft.aggregator.resilience.CircuitBreakers;
import dev.updraft.model.aggregate.ErrorKind;
import dev.updraft.model.aggregate.ItemResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The aggregator's own meters, all prefixed {@code updraft.aggregator}: upstream latency per host (a
 * histogram), requests in flight and queued, time queued for a slot, item errors by kind, cache outcomes,
 * and circuits per state. Host tags come from the requests, so their number grows with the distinct
 * upstreams an instance talks to.
 */
@Singleton
public class AggregatorMetrics {

    private final MeterRegistry registry;
    private final Timer queueWait;
    // Meters looked up once per tag value: builder().register() on every item builds and hashes a meter id.
    private final Map<String, Timer> upstreamLatency = new ConcurrentHashMap<>();
    private final Map<ErrorKind, Counter> itemErrors = new ConcurrentHashMap<>();
    private final Map<String, Counter> cacheRequests = new ConcurrentHashMap<>();

    public AggregatorMetrics(MeterRegistry registry, ConcurrencyLimits limits, CircuitBreakers breakers,
            ResponseCache cache) {
        this.registry = registry;
        this.queueWait = Timer.builder("updraft.aggregator.queue.wait")
                .description("Time an upstream request waited for its per-host and global slots")
                .publishPercentileHistogram()
                .register(registry);
        Gauge.builder("updraft.aggregator.inflight", limits, l -> l.global().inFlight())
                .description("Upstream requests holding a slot").register(registry);
        Gauge.builder("updraft.aggregator.queued", limits, l -> l.global().queued())
                .description("Upstream requests waiting for a global slot").register(registry);
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
            Gauge.builder("updraft.aggregator.circuits", breakers, b -> b.count(state))
                    .tag("state", state.name().toLowerCase())
                    .description("Upstream hosts whose circuit is in this state").register(registry);
        }
        Gauge.builder("updraft.aggregator.cache.entries", cache, ResponseCache::size).register(registry);
        Gauge.builder("updraft.aggregator.cache.bytes", cache, ResponseCache::bytes).register(registry);
    }

    public void queued(long sinceNanos) {
        queueWait.record(System.nanoTime() - sinceNanos, TimeUnit.NANOSECONDS);
    }

    public void upstreamLatency(String hostKey, long sinceNanos) {
        upstreamLatency.computeIfAbsent(hostKey, host -> Timer.builder("updraft.aggregator.upstream.latency")
                .description("Upstream exchange time per host, retries and redirects included")
                .tag("host", host)
                .publishPercentileHistogram()
                .register(registry))
                .record(System.nanoTime() - sinceNanos, TimeUnit.NANOSECONDS);
    }

    public void item(ItemResult result) {
        if (!result.ok()) {
            itemErrors.computeIfAbsent(result.error().kind(), kind -> Counter.builder("updraft.aggregator.item.errors")
                    .description("Items answered with an error, by kind")
                    .tag("kind", kind.name().toLowerCase())
                    .register(registry))
                    .increment();
        }
    }

    /** {@code outcome}: hit, miss, revalidated or coalesced. */
    public void cache(String outcome) {
        cacheRequests.computeIfAbsent(outcome, o -> Counter.builder("updraft.aggregator.cache.requests")
                .description("GET requests by cache outcome")
                .tag("outcome", o)
                .register(registry))
                .increment();
    }
}
