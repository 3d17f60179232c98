package dev.updraft.scheduler.action;

import dev.updraft.model.scheduler.JobAction;
import dev.updraft.model.scheduler.JobSpec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs a job's action as a non-blocking pipeline. Nothing happens until the returned {@code Uni} is subscribed;
 * cancelling it aborts the HTTP calls in flight.
 */
@ApplicationScoped
public class ActionExecutor {

    private final AggregatePublishAction aggregatePublish;
    private final HttpAction http;

    public ActionExecutor(AggregatePublishAction aggregatePublish, HttpAction http) {
        this.aggregatePublish = aggregatePublish;
        this.http = http;
    }

    public Uni<Void> execute(JobSpec spec) {
        return switch (spec.action()) {
            case JobAction.AggregatePublish action -> aggregatePublish.run(spec, action);
            case JobAction.Http action -> http.run(action);
        };
    }

    /** Drops what actions remember about a deleted job. */
    public void forget(String job) {
        aggregatePublish.forget(job);
    }
}
