package dev.updraft.scheduler.e2e;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts the packaged live-updates and fetch-aggregator services and points the scheduler at them. */
public class PlatformServices implements QuarkusTestResourceLifecycleManager {

    private PackagedService liveUpdates;
    private PackagedService aggregator;

    @Override
    public Map<String, String> start() {
        liveUpdates = PackagedService.start("live-updates-service", Map.of());
        aggregator = PackagedService.start("fetch-aggregator-service", Map.of());
        return Map.of(
                "quarkus.rest-client.live-updates.url", liveUpdates.baseUrl(),
                "quarkus.rest-client.aggregator.url", aggregator.baseUrl());
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
