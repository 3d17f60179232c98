package dev.updraft.scheduler.job;

import dev.updraft.model.scheduler.JobSpec;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts the runs that Quartz fired ahead of time (see {@link Triggers}) at the moment they are due.
 * <p>
 * One timer thread waits for the due times. On the embedded store it starts each due run itself: starting is
 * non-blocking there (a run takes its no-overlap slot and hands its action to the action loop, 1–2 µs) and one
 * thread going through the runs due at the same moment starts the last of a thousand sooner than a hand-over per
 * run would. On PostgreSQL
 * {@link JobRunner#fire} blocks on the run lease, so each run gets a virtual thread of its own: a thousand runs due
 * on the same millisecond must not start one lease round trip after the other.
 * <p>
 * Invariant: a start is in {@code pending} from {@link #startAt} until it runs or is cancelled, and whoever takes it
 * out (the timer, {@link #cancel}, {@link #stop}) is the only one to act on it. A job's set is only changed inside
 * {@link ConcurrentHashMap#compute} for its key or taken out whole with {@code remove}, so no lock of our own.
 */
@ApplicationScoped
public class RunStarter {

    private final JobRunner runner;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("updraft-run-starter").daemon().factory());
    /** Where a due run starts: the timer thread itself, or a virtual thread per run when starting blocks. */
    private final Executor launcher;
    private final ConcurrentHashMap<String, Set<Pending>> pending = new ConcurrentHashMap<>();

    public RunStarter(JobRunner runner, RunLease lease, Clock clock) {
        this.runner = runner;
        this.clock = clock;
        this.launcher = lease.blocks()
                ? Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("updraft-run-", 0).factory())
                : Runnable::run;
    }

    /** Starts a run of {@code spec} at {@code dueAt}, or at once when that moment has passed. */
    public void startAt(JobSpec spec, Instant dueAt) {
        long delayNanos = TimeUnit.MILLISECONDS.toNanos(dueAt.toEpochMilli() - clock.millis());
        Pending start = new Pending(spec, dueAt);
        pending.compute(spec.id(), (id, set) -> {
            Set<Pending> starts = set == null ? new HashSet<>() : set;
            starts.add(start);
            return starts;
        });
        try {
            start.timer = timer.schedule(() -> run(start), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // stopped meanwhile: stop() records what is pending, this one included
            Log.debugf("run of job %s due at %s not scheduled: the scheduler is stopping", spec.id(), dueAt);
        }
    }

    /** Drops the starts not yet due of a job that was deleted, paused or rescheduled. */
    public void cancel(String job) {
        Set<Pending> starts = pending.remove(job);
        if (starts != null) {
            starts.forEach(Pending::cancelTimer);
        }
    }

    /** At shutdown: no more starts; the ones not yet due are recorded as skipped. */
    public void stop() {
        timer.shutdownNow();
        for (String job : List.copyOf(pending.keySet())) {
            Set<Pending> starts = pending.remove(job);
            if (starts != null) {
                starts.forEach(s -> runner.recordSkipped(job, s.dueAt, "the scheduler is shutting down"));
            }
        }
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
        if (launcher instanceof ExecutorService threads) {
            threads.shutdown();
        }
    }

    private void run(Pending start) {
        boolean[] due = {false};
        pending.computeIfPresent(start.spec.id(), (id, set) -> {
            due[0] = set.remove(start);
            return set.isEmpty() ? null : set;
        });
        if (due[0]) {
            launcher.execute(() -> fire(start));
        }
    }

    private void fire(Pending start) {
        try {
            runner.fire(start.spec, start.dueAt);
        } catch (RuntimeException e) {
            // on the timer thread the exception would vanish into the scheduled task's future
            Log.errorf(e, "run of job %s due at %s could not be started", start.spec.id(), start.dueAt);
        }
    }

    private static final class Pending {
        final JobSpec spec;
        final Instant dueAt;
        volatile ScheduledFuture<?> timer;

        Pending(JobSpec spec, Instant dueAt) {
            this.spec = spec;
            this.dueAt = dueAt;
        }

        void cancelTimer() {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
        }
    }
}
