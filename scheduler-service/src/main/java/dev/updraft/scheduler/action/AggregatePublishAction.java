package dev.updraft.scheduler.action;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.updraft.model.aggregate.AggregateRequest;
import dev.updraft.model.aggregate.AggregateResult;
import dev.updraft.model.scheduler.JobAction;
import dev.updraft.model.scheduler.JobSpec;
import dev.updraft.scheduler.client.AggregatorClient;
import dev.updraft.scheduler.client.LiveUpdatesClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code aggregate-publish}: runs the aggregation (named, or the inline requests) and publishes the result as
 * one event: the aggregate's own fields plus {@code job} and {@code changed} (whether the item outcomes or
 * bodies differ from the last published run of this job; true for the first).
 */
@ApplicationScoped
public class AggregatePublishAction {

    private final AggregatorClient aggregator;
    private final LiveUpdatesClient liveUpdates;
    private final ObjectMapper json;

    /** Fingerprint of the last published aggregate per job. Runs of one job never overlap, so no races per key. */
    private final ConcurrentHashMap<String, String> published = new ConcurrentHashMap<>();

    public AggregatePublishAction(AggregatorClient aggregator, LiveUpdatesClient liveUpdates, ObjectMapper json) {
        this.aggregator = aggregator;
        this.liveUpdates = liveUpdates;
        this.json = json;
    }

    public Uni<Void> run(JobSpec spec, JobAction.AggregatePublish action) {
        return aggregate(spec, action)
                .chain(result -> publish(spec.id(), action.topic(), result));
    }

    public void forget(String job) {
        published.remove(job);
    }

    private Uni<AggregateResult> aggregate(JobSpec spec, JobAction.AggregatePublish action) {
        if (action.aggregation() != null) {
            return aggregator.named(action.aggregation());
        }
        return aggregator.aggregate(new AggregateRequest(action.requests(), deadlineWithin(spec.timeout()), false));
    }

    private Uni<Void> publish(String job, String topic, AggregateResult result) {
        String fingerprint = ResultFingerprint.of(result);
        boolean changed = !fingerprint.equals(published.get(job));
        ObjectNode event = json.createObjectNode()
                .put("job", job)
                .put("changed", changed);
        event.setAll((ObjectNode) json.valueToTree(result));
        return liveUpdates.publish(topic, event)
                .invoke(ok -> published.put(job, fingerprint))
                .replaceWithVoid();
    }

    /**
     * The aggregator's deadline sits inside the job timeout, leaving a fifth of it (at most 2 s) to publish, so a
     * slow upstream yields a published partial aggregate rather than a timed-out run.
     */
    static Duration deadlineWithin(Duration timeout) {
        Duration reserve = timeout.dividedBy(5);
        if (reserve.compareTo(Duration.ofSeconds(2)) > 0) {
            reserve = Duration.ofSeconds(2);
        }
        return timeout.minus(reserve);
    }
}
