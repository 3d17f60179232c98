package dev.updraft.scheduler.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.updraft.model.live.PublishResult;
import dev.updraft.scheduler.config.SchedulerConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Publishes events to live-updates. A publish is not idempotent (each one takes a new offset), so only
 * attempts that never reached the service (no connection) are repeated.
 */
@ApplicationScoped
public class LiveUpdatesClient {

    private static final String SERVICE = "live-updates";

    private final LiveUpdatesRestClient rest;
    private final SchedulerConfig.Downstream config;

    public LiveUpdatesClient(@RestClient LiveUpdatesRestClient rest, SchedulerConfig config) {
        this.rest = rest;
        this.config = config.liveUpdates();
    }

    public Uni<PublishResult> publish(String topic, JsonNode data) {
        Uni<PublishResult> attempt = Uni.createFrom().deferred(() -> rest.publish(topic, data))
                .ifNoItem().after(config.timeout())
                .failWith(() -> new DownstreamException(SERVICE, null,
                        "live-updates gave no answer within " + config.timeout().toMillis() + "ms", null, false))
                .onFailure().transform(failure -> DownstreamException.of(SERVICE, failure));
        return Retry.when(attempt, failure -> ((DownstreamException) failure).connectFailure(),
                config.retries(), config.backoff());
    }
}
