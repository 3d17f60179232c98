package dev.updraft.scheduler.job;

import dev.updraft.model.InvalidFieldException;
import dev.updraft.model.scheduler.JobSpec;
import dev.updraft.scheduler.config.SchedulerConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.value.registry.ValueRegistry;
import io.quarkus.vertx.http.HttpServer;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * Starts and stops the engine. Quartz is created halted ({@code quarkus.scheduler.start-mode=halted}) so that
 * the misfire policy is in place and the configured jobs are written before the first firing, including the
 * recovery of firings missed while the service was down.
 */
@ApplicationScoped
public class SchedulerLifecycle {

    private final Scheduler quartz;
    private final MisfireListener misfires;
    private final ConfiguredJobs configured;
    private final JobService jobs;
    private final JobRunner runner;
    private final RunStarter starter;
    private final Duration grace;
    private final ValueRegistry values;
    private volatile boolean ownUrlKnownAtStart;

    public SchedulerLifecycle(Scheduler quartz, MisfireListener misfires, ConfiguredJobs configured, JobService jobs,
            JobRunner runner, RunStarter starter, SchedulerConfig config, ValueRegistry values) {
        this.quartz = quartz;
        this.misfires = misfires;
        this.configured = configured;
        this.jobs = jobs;
        this.runner = runner;
        this.starter = starter;
        this.grace = config.shutdownGrace();
        this.values = values;
    }

    void start(@Observes StartupEvent event) throws SchedulerException {
        quartz.getListenerManager().addTriggerListener(misfires, GroupMatcher.triggerGroupEquals(Triggers.GROUP));
        List<JobSpec> specs = new ArrayList<>(configured.declared());
        int port = configuredPort();
        ownUrlKnownAtStart = port > 0;
        if (ownUrlKnownAtStart) {
            configured.platformStatus(ownBaseUrl(port)).ifPresent(specs::add);
        }
        apply(specs);
        jobs.reconcileAll();
        quartz.start();
        Log.infof("scheduler started with %d job(s)", jobs.list().size());
    }

    /**
     * On a random port (tests) this service's own health URL is known only once the HTTP server listens. Quarkus
     * registers the bound port in its value registry before it fires this event; the configuration may show it
     * only later (a CI run read port 0 from it here).
     */
    void httpStarted(@ObservesAsync HttpServerStart event) {
        if (!ownUrlKnownAtStart) {
            int port = values.getOrDefault(HttpServer.HTTP_PORT, configuredPort());
            configured.platformStatus(ownBaseUrl(port)).ifPresent(spec -> apply(List.of(spec)));
        }
    }

    /** Stops firing, then lets running jobs finish within the grace period; the rest are cancelled and recorded. */
    void stop(@Observes ShutdownEvent event) {
        try {
            quartz.standby();
        } catch (SchedulerException e) {
            Log.warn("cannot put Quartz in standby", e);
        }
        starter.stop();
        runner.drain(grace);
    }

    private void apply(List<JobSpec> specs) {
        try {
            jobs.applyConfigured(specs);
        } catch (InvalidFieldException e) {
            throw new IllegalStateException("invalid job in configuration: " + e.field() + ": " + e.getMessage(), e);
        }
    }

    private static int configuredPort() {
        String key = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        return ConfigProvider.getConfig().getOptionalValue(key, Integer.class).orElse(8082);
    }

    private static String ownBaseUrl(int port) {
        return "http://localhost:" + port;
    }
}
