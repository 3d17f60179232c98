package dev.updraft.scheduler.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.model.Durations;
import dev.updraft.model.InvalidFieldException;
import dev.updraft.model.aggregate.UpstreamRequest;
import dev.updraft.model.scheduler.JobAction;
import dev.updraft.model.scheduler.JobSpec;
import dev.updraft.model.scheduler.Schedule;
import dev.updraft.scheduler.config.SchedulerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The jobs that come from configuration: the built-in {@code platform-status} job and every
 * {@code updraft.scheduler.jobs.<id>.*} entry, turned into {@link JobSpec}s through the same validation as the
 * API. A configuration error names the offending key and stops the start-up.
 */
@ApplicationScoped
public class ConfiguredJobs {

    public static final String PLATFORM_STATUS = "platform-status";
    private static final String PREFIX = "updraft.scheduler.jobs.";

    private final SchedulerConfig config;
    private final ObjectMapper json;

    public ConfiguredJobs(SchedulerConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    /** Thrown for a configured job that breaks the job format: names the configuration key. */
    private static IllegalStateException invalid(String id, InvalidFieldException e) {
        return new IllegalStateException("invalid job in configuration: " + PREFIX + id + "." + e.field() + ": "
                + e.getMessage(), e);
    }

    /** The {@code updraft.scheduler.jobs.*} entries (the built-in job comes from {@link #platformStatus}). */
    public List<JobSpec> declared() {
        List<JobSpec> specs = new ArrayList<>();
        for (Map.Entry<String, SchedulerConfig.ConfiguredJob> entry : config.jobs().entrySet()) {
            try {
                specs.add(fromConfig(entry.getKey(), entry.getValue()));
            } catch (InvalidFieldException e) {
                throw invalid(entry.getKey(), e);
            }
        }
        return specs;
    }

    /**
     * Every 5 s: the three services' health through the aggregator, published to {@code platform.status}.
     *
     * @param ownBaseUrl where this service listens, used unless {@code platform-status.scheduler-url} is set
     */
    public Optional<JobSpec> platformStatus(String ownBaseUrl) {
        SchedulerConfig.PlatformStatus ps = config.platformStatus();
        if (!ps.enabled()) {
            return Optional.empty();
        }
        List<UpstreamRequest> requests = List.of(
                health("live-updates", ps.liveUpdatesUrl(), ps),
                health("fetch-aggregator", ps.aggregatorUrl(), ps),
                health("scheduler", ps.schedulerUrl().orElse(ownBaseUrl), ps));
        return Optional.of(new JobSpec(PLATFORM_STATUS, Schedule.every(ps.every()),
                new JobAction.AggregatePublish(null, requests, ps.topic()), ps.timeout(), true));
    }

    private static UpstreamRequest health(String id, String baseUrl, SchedulerConfig.PlatformStatus ps) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return new UpstreamRequest(id, base + "/q/health", "GET", Map.of("Accept", "application/json"),
                ps.timeout().dividedBy(2));
    }

    private JobSpec fromConfig(String id, SchedulerConfig.ConfiguredJob job) {
        Schedule schedule = new Schedule(
                job.every().map(e -> Durations.parse("every", e)).orElse(null),
                job.jitter().orElse(null), job.cron().orElse(null), job.zone().orElse(null));
        if (schedule.cron() != null) {
            try {
                Triggers.cron(schedule);
            } catch (InvalidFieldException e) {
                throw new InvalidFieldException("cron", e.getMessage());
            }
        }
        return new JobSpec(id, schedule, action(job.action()),
                job.timeout().map(t -> Durations.parse("timeout", t)).orElse(null), job.enabled());
    }

    private JobAction action(SchedulerConfig.ConfiguredAction action) {
        try {
            return switch (action.type()) {
                case "aggregate-publish" -> new JobAction.AggregatePublish(action.aggregation().orElse(null),
                        action.urls().map(ConfiguredJobs::getAll).orElse(null), action.topic().orElse(null));
                case "http" -> new JobAction.Http(action.method().orElse(null), action.url().orElse(null),
                        action.headers(), body(action));
                default -> throw new InvalidFieldException("type", "unknown action type '" + action.type()
                        + "': use aggregate-publish or http");
            };
        } catch (InvalidFieldException e) {
            throw e.under("action");
        }
    }

    private static List<UpstreamRequest> getAll(List<String> urls) {
        List<UpstreamRequest> requests = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            try {
                requests.add(UpstreamRequest.get(Integer.toString(i), urls.get(i)));
            } catch (InvalidFieldException e) {
                throw new InvalidFieldException("urls[" + i + "]", e.getMessage());
            }
        }
        return requests;
    }

    private JsonNode body(SchedulerConfig.ConfiguredAction action) {
        if (action.body().isEmpty()) {
            return null;
        }
        try {
            return json.readTree(action.body().get());
        } catch (JsonProcessingException e) {
            throw new InvalidFieldException("body", "body is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
