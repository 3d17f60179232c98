package dev.updraft.aggregator;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A circuit that opens after 3 failures for 500 ms, and hedging after 100 ms. */
public class ResilienceProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "updraft.aggregator.circuit-breaker.failure-threshold", "3",
                "updraft.aggregator.circuit-breaker.open-for", "500ms",
                "updraft.aggregator.hedging.enabled", "true",
                "updraft.aggregator.hedging.delay", "100ms",
                "updraft.aggregator.retry.initial-backoff", "10ms");
    }
}
