package dev.updraft.scheduler.job;

import dev.updraft.model.scheduler.JobSpec;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;

/**
 * What Quartz runs when a trigger fires (Quarkus obtains it from CDI). It hands the firing to {@link RunStarter},
 * which starts the run when it is due (an {@code every} trigger fires ahead of that, see {@link Triggers}), and
 * returns, so Quartz threads never wait for an action.
 */
@Singleton
@Unremovable
public class FiringJob implements Job {

    private final RunStarter starter;
    private final JobRunner runner;
    private final JobSpecCodec codec;
    private final Clock clock;

    public FiringJob(RunStarter starter, JobRunner runner, JobSpecCodec codec, Clock clock) {
        this.starter = starter;
        this.runner = runner;
        this.codec = codec;
        this.clock = clock;
    }

    @Override
    public void execute(JobExecutionContext context) {
        JobSpec spec = codec.read(context.getMergedJobDataMap().getString(JobRepository.SPEC));
        Trigger trigger = context.getTrigger();
        Instant dueAt = Triggers.dueAt(trigger, context.getScheduledFireTime());
        Date next = context.getNextFireTime();
        Instant nextDue = next == null ? null : Triggers.dueAt(trigger, next);
        // Late, but below the misfire threshold, with the next firing already due too: Quartz would fire the
        // whole backlog back to back. Only the latest of them runs, the way a periodic callback catches up.
        if (nextDue != null && !nextDue.isAfter(clock.instant())) {
            runner.recordSkipped(spec.id(), dueAt, "missed: the firing at " + nextDue + " is already due");
            return;
        }
        starter.startAt(spec, dueAt);
    }
}
