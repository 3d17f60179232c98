package dev.updraft.scheduler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the scheduler service under {@code updraft.scheduler}. The REST client base URLs keep their
 * DESIGN.md names ({@code quarkus.rest-client.aggregator.url}, {@code quarkus.rest-client.live-updates.url}).
 */
@ConfigMapping(prefix = "updraft.scheduler")
public interface SchedulerConfig {

    /** The built-in {@code platform-status} job. */
    PlatformStatus platformStatus();

    /** Run history kept per job. */
    History history();

    /**
     * What happens to firings missed while the service was down or paused past the misfire threshold
     * ({@code quarkus.quartz.misfire-threshold}): {@code fire-once-now} runs the job once as soon as
     * possible, {@code skip} waits for the next regular firing.
     */
    @WithDefault("fire-once-now")
    MisfirePolicy misfire();

    /** Publishing of every finished run to live-updates. */
    RunEvents runEvents();

    /** How the aggregator is called. */
    Downstream aggregator();

    /** How live-updates is called. */
    Downstream liveUpdates();

    /** Webhook calls of {@code http} actions. */
    Webhook webhook();

    /** The token sent to the aggregator and live-updates (see {@code auth.ServiceToken}). */
    ServiceAuth auth();

    /**
     * The job store: {@code embedded} (an H2 file in {@link #dataDir()}) or {@code postgresql} (clustered, shared
     * by replicas). Absent: {@code postgresql} when {@code UPDRAFT_PG_URL} is set, else {@code embedded}
     * (see {@link StoreSelection}).
     */
    Optional<String> store();

    /**
     * Directory of the embedded job store (an H2 file, {@code quarkus.datasource.jdbc.url} points into it).
     * Default {@code ~/.updraft/scheduler}.
     */
    String dataDir();

    /**
     * How long before an {@code every} job's firing is due Quartz fires its trigger; the run itself starts on an
     * in-process timer when it is due. It must cover the time the store needs to fire all the jobs due at the
     * same moment (about 0.6 ms per job on the embedded store of a 2-core machine), or the last of them start
     * late. Cron jobs fire at their due time.
     */
    @WithDefault("750ms")
    Duration fireAhead();

    /** Graceful shutdown: how long running jobs may finish after firing has stopped. */
    @WithDefault("10s")
    Duration shutdownGrace();

    /**
     * Jobs declared in configuration, created or updated at start-up, keyed by job id. Example:
     * {@code updraft.scheduler.jobs.nightly.cron=0 0 3 * * ?} and
     * {@code updraft.scheduler.jobs.nightly.action.type=http}.
     */
    Map<String, ConfiguredJob> jobs();

    enum MisfirePolicy {
        FIRE_ONCE_NOW,
        SKIP
    }

    interface PlatformStatus {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("5s")
        Duration every();

        @WithDefault("platform.status")
        String topic();

        @WithDefault("4s")
        Duration timeout();

        /** Base URL of live-updates as the aggregator reaches it; {@code /q/health} is appended. */
        @WithDefault("${quarkus.rest-client.live-updates.url:http://localhost:8080}")
        String liveUpdatesUrl();

        /** Base URL of the aggregator as it reaches itself. */
        @WithDefault("${quarkus.rest-client.aggregator.url:http://localhost:8081}")
        String aggregatorUrl();

        /** Base URL of this service as the aggregator reaches it; absent: the local address this service listens on. */
        Optional<String> schedulerUrl();
    }

    interface History {
        /** Runs kept per job, newest first; older runs are dropped. */
        @WithDefault("100")
        int size();
    }

    interface RunEvents {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("scheduler.runs")
        String topic();
    }

    interface Downstream {
        /** Bound of one call attempt; a job's own timeout still caps the whole action. */
        @WithDefault("10s")
        Duration timeout();

        /** Extra attempts after a failure that is safe to retry (no connection, 502, 503, 504). */
        @WithDefault("2")
        int retries();

        /** First back-off between attempts, doubled each time. */
        @WithDefault("100ms")
        Duration backoff();
    }

    interface ServiceAuth {
        /** A token to send as it is; without it, one is signed with {@code updraft.auth.jwt-secret} if set. */
        Optional<String> token();

        /** Lifetime of a token signed by the scheduler; it is renewed when half of it is gone. */
        @WithDefault("5m")
        Duration tokenLifetime();
    }

    interface Webhook {
        /** Extra attempts for idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS) that could not connect. */
        @WithDefault("2")
        int retries();

        @WithDefault("100ms")
        Duration backoff();

        /** Largest response body read from a webhook; the rest is discarded. */
        @WithDefault("65536")
        int maxResponseBytes();
    }

    /** A job in configuration: the fields of the JSON job format, flattened to keys. */
    interface ConfiguredJob {
        Optional<String> every();

        Optional<String> jitter();

        Optional<String> cron();

        Optional<String> zone();

        Optional<String> timeout();

        @WithDefault("true")
        boolean enabled();

        ConfiguredAction action();
    }

    interface ConfiguredAction {
        /** {@code aggregate-publish} or {@code http}. */
        String type();

        Optional<String> aggregation();

        /** Inline aggregate requests: URLs fetched with GET, ids {@code 0, 1, ...}. */
        Optional<List<String>> urls();

        Optional<String> topic();

        Optional<String> method();

        Optional<String> url();

        Map<String, String> headers();

        /** JSON body of an {@code http} action. */
        Optional<String> body();
    }
}
