package dev.updraft.scheduler.client;

import dev.updraft.model.aggregate.AggregateRequest;
import dev.updraft.model.aggregate.AggregateResult;
import dev.updraft.scheduler.config.SchedulerConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Calls the aggregator: each attempt bounded by {@code updraft.scheduler.aggregator.timeout}, transient failures
 * retried with back-off (an aggregation only reads, so repeating it is safe), every failure a
 * {@link DownstreamException}. Cancelling the returned {@code Uni} aborts the HTTP request in flight.
 */
@ApplicationScoped
public class AggregatorClient {

    private static final String SERVICE = "aggregator";

    private final AggregatorRestClient rest;
    private final SchedulerConfig.Downstream config;

    public AggregatorClient(@RestClient AggregatorRestClient rest, SchedulerConfig config) {
        this.rest = rest;
        this.config = config.aggregator();
    }

    public Uni<AggregateResult> aggregate(AggregateRequest request) {
        return resilient(Uni.createFrom().deferred(() -> rest.aggregate(request)));
    }

    public Uni<AggregateResult> named(String aggregation) {
        return resilient(Uni.createFrom().deferred(() -> rest.named(aggregation)));
    }

    private Uni<AggregateResult> resilient(Uni<AggregateResult> call) {
        Uni<AggregateResult> attempt = call
                .ifNoItem().after(config.timeout())
                .failWith(() -> new DownstreamException(SERVICE, null,
                        "aggregator gave no answer within " + config.timeout().toMillis() + "ms", null, false))
                .onFailure().transform(failure -> DownstreamException.of(SERVICE, failure));
        return Retry.when(attempt, failure -> ((DownstreamException) failure).retryable(),
                config.retries(), config.backoff());
    }
}
