package dev.updraft.scheduler.job;

import dev.updraft.model.scheduler.JobSpec;
import dev.updraft.scheduler.config.SchedulerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * Job definitions in the Quartz store, the single source of truth: one durable Quartz job per Updraft job
 * (its {@link JobSpec} as JSON in the job data map) and, while the job is enabled, one trigger. A paused job
 * has no trigger, so resuming it never replays firings missed while paused.
 * <p>
 * Every method may block on the store (JDBC): call it from worker threads, never from the event loop.
 */
@ApplicationScoped
public class JobRepository {

    static final String SPEC = "spec";

    private final Scheduler quartz;
    private final JobSpecCodec codec;
    private final Clock clock;
    private final Duration fireAhead;

    public JobRepository(Scheduler quartz, JobSpecCodec codec, Clock clock, SchedulerConfig config) {
        this.quartz = quartz;
        this.codec = codec;
        this.clock = clock;
        this.fireAhead = config.fireAhead();
    }

    public Optional<JobSpec> find(String id) {
        try {
            JobDetail detail = quartz.getJobDetail(Triggers.jobKey(id));
            return detail == null ? Optional.empty() : Optional.of(specOf(detail));
        } catch (SchedulerException e) {
            throw new StoreException("cannot read job " + id, e);
        }
    }

    public List<JobSpec> all() {
        try {
            List<JobSpec> specs = new ArrayList<>();
            for (var key : quartz.getJobKeys(GroupMatcher.jobGroupEquals(Triggers.GROUP))) {
                JobDetail detail = quartz.getJobDetail(key);
                if (detail != null) {
                    specs.add(specOf(detail));
                }
            }
            specs.sort(Comparator.comparing(JobSpec::id));
            return specs;
        } catch (SchedulerException e) {
            throw new StoreException("cannot list jobs", e);
        }
    }

    /** Stores a new job and its trigger in one store operation; false when the id is taken. */
    public boolean create(JobSpec spec) {
        try {
            JobDetail detail = detailOf(spec);
            if (spec.enabled()) {
                quartz.scheduleJob(detail, Set.of(triggerOf(spec)), false);
            } else {
                quartz.addJob(detail, false);
            }
            return true;
        } catch (ObjectAlreadyExistsException e) {
            return false;
        } catch (SchedulerException e) {
            throw new StoreException("cannot create job " + spec.id(), e);
        }
    }

    /**
     * Replaces an existing job's definition. The trigger is rebuilt only when the schedule or the enabled state
     * changed, so an unchanged schedule keeps its pending firing. (Quartz cannot update a trigger in place when
     * it changes kind, simple to cron or back, hence {@code rescheduleJob}, which replaces it in one store
     * transaction.)
     */
    public void replace(JobSpec previous, JobSpec spec) {
        try {
            JobDetail detail = detailOf(spec);
            boolean scheduleChanged = !previous.schedule().equals(spec.schedule());
            boolean hasTrigger = hasTrigger(spec.id());
            if (!spec.enabled()) {
                quartz.addJob(detail, true, true);
                quartz.unscheduleJob(Triggers.triggerKey(spec.id()));
            } else if (!hasTrigger) {
                quartz.scheduleJob(detail, Set.of(triggerOf(spec)), true);
            } else {
                quartz.addJob(detail, true, true);
                if (scheduleChanged) {
                    quartz.rescheduleJob(Triggers.triggerKey(spec.id()), triggerOf(spec));
                }
            }
        } catch (SchedulerException e) {
            throw new StoreException("cannot update job " + spec.id(), e);
        }
    }

    public boolean delete(String id) {
        try {
            return quartz.deleteJob(Triggers.jobKey(id));
        } catch (SchedulerException e) {
            throw new StoreException("cannot delete job " + id, e);
        }
    }

    public Optional<Instant> nextFiring(String id) {
        try {
            Trigger trigger = quartz.getTrigger(Triggers.triggerKey(id));
            return trigger == null || trigger.getNextFireTime() == null
                    ? Optional.empty()
                    : Optional.of(Triggers.dueAt(trigger, trigger.getNextFireTime()));
        } catch (SchedulerException e) {
            throw new StoreException("cannot read the trigger of job " + id, e);
        }
    }

    /**
     * Repairs what an interrupted two-step update may leave behind: an enabled job without a trigger or a
     * paused job with one.
     */
    public void reconcile(JobSpec spec) {
        try {
            boolean hasTrigger = hasTrigger(spec.id());
            if (spec.enabled() && !hasTrigger) {
                quartz.scheduleJob(triggerOf(spec));
            } else if (!spec.enabled() && hasTrigger) {
                quartz.unscheduleJob(Triggers.triggerKey(spec.id()));
            }
        } catch (SchedulerException e) {
            throw new StoreException("cannot repair job " + spec.id(), e);
        }
    }

    JobSpec specOf(JobDetail detail) {
        return codec.read(detail.getJobDataMap().getString(SPEC));
    }

    private boolean hasTrigger(String id) throws SchedulerException {
        return quartz.checkExists(Triggers.triggerKey(id));
    }

    private JobDetail detailOf(JobSpec spec) {
        return JobBuilder.newJob(FiringJob.class)
                .withIdentity(Triggers.jobKey(spec.id()))
                .usingJobData(SPEC, codec.write(spec))
                .storeDurably()
                .build();
    }

    /** The trigger of {@code spec} as of now; also how the API checks a schedule before storing anything. */
    Trigger triggerOf(JobSpec spec) {
        return Triggers.forJob(spec, clock.instant(), fireAhead);
    }

    /** The job store failed (database unreachable, corrupt data): a server-side problem, never bad input. */
    public static class StoreException extends RuntimeException {
        public StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
