package dev.updraft.aggregator;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Production-like SSRF policy (only the host name {@code localhost} is allowlisted, no address range, so
 * every numeric or IPv6 spelling of loopback is denied) and a per-host bound of 10.
 */
public class StrictProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "updraft.aggregator.ssrf.allow", "localhost",
                "updraft.aggregator.concurrency.per-host", "10");
    }
}
