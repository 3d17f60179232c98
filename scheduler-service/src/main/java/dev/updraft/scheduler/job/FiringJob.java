package dev.updraft.scheduler.job;

import dev.updraft.model.scheduler.JobSpec;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * What Quartz runs when a trigger fires (Quarkus obtains it from CDI). It hands the job to {@link JobRunner}
 * and returns, so Quartz threads never wait for an action.
 */
@Singleton
@Unremovable
public class FiringJob implements Job {

    private final JobRunner runner;
    private final JobSpecCodec codec;
    private final Clock clock;

    public FiringJob(JobRunner runner, JobSpecCodec codec, Clock clock) {
        this.runner = runner;
        this.codec = codec;
        this.clock = clock;
    }

    @Override
    public void execute(JobExecutionContext context) {
        JobSpec spec = codec.read(context.getMergedJobDataMap().getString(JobRepository.SPEC));
        Instant scheduledAt = context.getScheduledFireTime().toInstant();
        Date next = context.getNextFireTime();
        // Late, but below the misfire threshold, with the next firing already due too: Quartz would fire the
        // whole backlog back to back. Only the latest of them runs, the way a periodic callback catches up.
        if (next != null && !next.toInstant().isAfter(clock.instant())) {
            runner.recordSkipped(spec.id(), scheduledAt, "missed: the firing at " + next.toInstant()
                    + " is already due");
            return;
        }
        runner.fire(spec, scheduledAt);
    }
}
