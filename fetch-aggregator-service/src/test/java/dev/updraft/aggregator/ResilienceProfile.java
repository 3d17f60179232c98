package dev.updraft.aggregator;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A circuit that opens after 3 failures for 1.5 s, and hedging after 100 ms. The open time is the window in
 * which the tests assert "still open" right after opening: long enough that a stalled test thread on a
 * loaded machine does not see it half-open already.
 */
public class ResilienceProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "updraft.aggregator.circuit-breaker.failure-threshold", "3",
                "updraft.aggregator.circuit-breaker.open-for", "1500ms",
                "updraft.aggregator.hedging.enabled", "true",
                "updraft.aggregator.hedging.delay", "100ms",
                "updraft.aggregator.retry.initial-backoff", "10ms");
    }
}
