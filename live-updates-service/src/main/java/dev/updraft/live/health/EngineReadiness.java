package dev.updraft.live.health;

import dev.updraft.live.engine.LiveEngine;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the engine accepts work: down during shutdown (and, for Redis, when Redis is unreachable). */
@Readiness
@ApplicationScoped
public class EngineReadiness implements HealthCheck {

    private final LiveEngine engine;

    public EngineReadiness(LiveEngine engine) {
        this.engine = engine;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("live-updates engine")
                .status(engine.isReady())
                .withData("engine", engine.kind())
                .withData("topics", engine.topicCount())
                .build();
    }
}
