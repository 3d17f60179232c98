package dev.updraft.scheduler.job;

import dev.updraft.scheduler.config.SchedulerConfig;
import dev.updraft.scheduler.config.SchedulerConfig.MisfirePolicy;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;

/**
 * Applies the misfire policy. Quartz calls {@link #triggerMisfired} once per trigger that missed its firing by
 * more than the misfire threshold (downtime, a paused scheduler) and then moves the trigger to its next regular
 * firing. With {@code fire-once-now} this listener adds exactly one catch-up run, whatever the number of
 * firings missed; with {@code skip} the job simply waits for its next firing.
 */
@ApplicationScoped
public class MisfireListener extends TriggerListenerSupport {

    private final MisfirePolicy policy;
    private final JobRepository jobs;
    private final JobRunner runner;

    public MisfireListener(SchedulerConfig config, JobRepository jobs, JobRunner runner) {
        this.policy = config.misfire();
        this.jobs = jobs;
        this.runner = runner;
    }

    @Override
    public String getName() {
        return "updraft-misfire-policy";
    }

    @Override
    public void triggerMisfired(Trigger trigger) {
        String id = trigger.getJobKey().getName();
        Instant missed = Triggers.dueAt(trigger, trigger.getNextFireTime());
        if (policy == MisfirePolicy.SKIP) {
            runner.recordSkipped(id, missed, "missed while the scheduler was not running (misfire policy: skip)");
            return;
        }
        // Quartz calls this while holding its store lock: look the job up and start the run on a worker.
        Infrastructure.getDefaultWorkerPool().execute(() -> jobs.find(id).ifPresentOrElse(
                spec -> {
                    Log.infof("job %s missed its firing at %s: running it once now", id, missed);
                    runner.fire(spec, missed);
                },
                () -> Log.debugf("misfired job %s no longer exists", id)));
    }
}
