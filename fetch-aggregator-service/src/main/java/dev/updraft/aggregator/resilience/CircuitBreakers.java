package dev.updraft.aggregator.resilience;

import dev.updraft.aggregator.config.AggregatorConfig;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link CircuitBreaker} per upstream host:port, created on first use. */
@Singleton
public class CircuitBreakers {

    private static final int SWEEP_ABOVE = 4096;

    private final AggregatorConfig.CircuitBreaker config;
    private final ConcurrentHashMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    public CircuitBreakers(AggregatorConfig config) {
        this.config = config.circuitBreaker();
    }

    public boolean enabled() {
        return config.enabled();
    }

    public CircuitBreaker forHost(String hostKey) {
        if (breakers.size() > SWEEP_ABOVE) {
            // Closed circuits with no failures carry no information: dropping them keeps the map small.
            breakers.values().removeIf(b -> b.state() == CircuitBreaker.State.CLOSED && b.consecutiveFailures() == 0);
        }
        return breakers.computeIfAbsent(hostKey, k -> new CircuitBreaker(config.failureThreshold(), config.openFor()));
    }

    public long count(CircuitBreaker.State state) {
        return breakers.values().stream().filter(b -> b.state() == state).count();
    }
}
