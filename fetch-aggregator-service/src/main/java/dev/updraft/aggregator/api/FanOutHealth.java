package dev.updraft.aggregator.api;

import dev.updraft.aggregator.fanout.ConcurrencyLimits;
import dev.updraft.aggregator.fanout.PermitQueue;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness with the fan-out's load attached. The aggregator is stateless and has no dependency to wait
 * for, so it is ready as soon as it serves; the data helps an operator see saturation.
 */
@Readiness
@ApplicationScoped
public class FanOutHealth implements HealthCheck {

    private final ConcurrencyLimits limits;

    public FanOutHealth(ConcurrencyLimits limits) {
        this.limits = limits;
    }

    @Override
    public HealthCheckResponse call() {
        PermitQueue global = limits.global();
        return HealthCheckResponse.named("fan-out")
                .up()
                .withData("inFlight", global.inFlight())
                .withData("queued", global.queued())
                .withData("capacity", global.capacity())
                .build();
    }
}
