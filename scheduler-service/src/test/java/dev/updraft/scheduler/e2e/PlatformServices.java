package dev.updraft.scheduler.e2e;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the packaged live-updates and fetch-aggregator services and points the scheduler at them. All three
 * share an HS256 secret and the two packaged services require tokens, as in production: the scheduler signs
 * its own service token with the secret.
 */
public class PlatformServices implements QuarkusTestResourceLifecycleManager {

    static final String SECRET = "e2e-secret-of-at-least-32-bytes-for-hs256";

    private PackagedService liveUpdates;
    private PackagedService aggregator;

    @Override
    public Map<String, String> start() {
        Map<String, String> auth = Map.of("updraft.auth.enabled", "true", "updraft.auth.jwt-secret", SECRET);
        liveUpdates = PackagedService.start("live-updates-service", auth);
        aggregator = PackagedService.start("fetch-aggregator-service", auth);
        return Map.of(
                "quarkus.rest-client.live-updates.url", liveUpdates.baseUrl(),
                "quarkus.rest-client.aggregator.url", aggregator.baseUrl(),
                "updraft.auth.jwt-secret", SECRET);
    }

    @Override
    public void stop() {
        if (aggregator != null) {
            aggregator.close();
        }
        if (liveUpdates != null) {
            liveUpdates.close();
        }
    }
}
