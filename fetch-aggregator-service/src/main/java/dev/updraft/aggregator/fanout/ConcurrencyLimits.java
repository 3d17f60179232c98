package dev.updraft.aggregator.fanout;

import dev.updraft.aggregator.config.AggregatorConfig;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The two bounds on upstream work: one queue per host:port, then the global queue. The host permit is
 * taken first so that requests stuck behind a saturated host do not sit on global slots other hosts could use.
 */
@Singleton
public class ConcurrencyLimits {

    /** Above this many idle host queues, idle ones are dropped so that the map stays small. */
    private static final int SWEEP_ABOVE = 4096;

    private final PermitQueue global;
    private final int perHost;
    private final ConcurrentHashMap<String, PermitQueue> hosts = new ConcurrentHashMap<>();

    public ConcurrencyLimits(AggregatorConfig config) {
        this.global = new PermitQueue(config.concurrency().global());
        this.perHost = config.concurrency().perHost();
    }

    public <T> Uni<T> withPermits(String hostKey, Supplier<Uni<T>> work) {
        if (hosts.size() > SWEEP_ABOVE) {
            // An idle queue may be dropped while a caller is about to use it; that caller then uses a queue
            // of its own for a moment, a brief overshoot preferred over a map that grows with every host.
            hosts.values().removeIf(q -> q.inFlight() == 0 && q.queued() == 0);
        }
        PermitQueue host = hosts.computeIfAbsent(hostKey, k -> new PermitQueue(perHost));
        return host.withPermit(() -> global.withPermit(work));
    }

    public PermitQueue global() {
        return global;
    }
}
