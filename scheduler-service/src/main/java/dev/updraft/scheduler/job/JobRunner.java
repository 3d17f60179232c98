package dev.updraft.scheduler.job;

import dev.updraft.model.scheduler.JobRun;
import dev.updraft.model.scheduler.JobSpec;
import dev.updraft.model.scheduler.RunStatus;
import dev.updraft.scheduler.action.ActionExecutor;
import dev.updraft.scheduler.client.ActionLoop;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs jobs: at most one run per job at a time, each under its job's timeout, every outcome recorded in the
 * history, the metrics and the runs topic.
 * <p>
 * {@link #fire} returns at once: it records the start (the no-overlap check, {@code startedAt}) and hands the action,
 * a non-blocking pipeline, to the {@link ActionLoop}, so the thread that fired it is free again within microseconds
 * and a slow job never delays the firing of others.
 */
@ApplicationScoped
public class JobRunner {

    private final ActionExecutor actions;
    private final RunHistory history;
    private final RunMetrics metrics;
    private final RunEvents events;
    private final RunLease lease;
    private final ActionLoop loop;
    private final Clock clock;

    /**
     * The run in progress of each job. Invariant: an entry exists exactly while that job runs; {@link #fire}
     * adds it with {@code putIfAbsent} (a second firing finds it and is skipped) and {@link #finish} removes it.
     */
    private final ConcurrentHashMap<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private volatile boolean accepting = true;

    public JobRunner(ActionExecutor actions, RunHistory history, RunMetrics metrics, RunEvents events, RunLease lease,
            ActionLoop loop, Clock clock) {
        this.actions = actions;
        this.history = history;
        this.metrics = metrics;
        this.events = events;
        this.lease = lease;
        this.loop = loop;
        this.clock = clock;
    }

    /**
     * Starts a run of {@code spec} due at {@code scheduledAt}, or records it as skipped; returns that run. May
     * block on the shared store ({@link RunLease}): callers are Quartz and worker threads, never the event loop.
     */
    public JobRun fire(JobSpec spec, Instant scheduledAt) {
        Instant now = clock.instant();
        if (!accepting) {
            return recordSkipped(spec.id(), scheduledAt, "the scheduler is shutting down");
        }
        InFlight run = new InFlight(spec.id(), scheduledAt, now);
        InFlight previous = inFlight.putIfAbsent(spec.id(), run);
        if (previous != null) {
            return recordSkipped(spec.id(), scheduledAt, "the run scheduled at " + previous.scheduledAt
                    + " is still in progress");
        }
        if (!leased(spec, run)) {
            return recordSkipped(spec.id(), scheduledAt, "a run is still in progress on another replica");
        }
        loop.execute(() -> launch(spec, run));
        return run.snapshot(RunStatus.RUNNING, null, null);
    }

    /** On the action loop: the run's action under its timeout (a timer on this loop), its end recorded by finish. */
    private void launch(JobSpec spec, InFlight run) {
        if (run.finished.get()) {
            return; // cancelled at shutdown while waiting for the loop
        }
        metrics.started(run.latenessMs());
        // deferred: an action that fails while being built still ends as a failed run and frees the job
        run.cancellable = Uni.createFrom().deferred(() -> actions.execute(spec))
                .ifNoItem().after(spec.timeout())
                .failWith(() -> new RunTimedOutException(spec.timeout()))
                .subscribe().with(
                        ok -> finish(run, RunStatus.SUCCEEDED, null),
                        failure -> finish(run, statusOf(failure), messageOf(failure)));
        if (run.finished.get()) {
            run.cancellable.cancel(); // cancelled at shutdown while being subscribed (a no-op if it ended by itself)
        }
    }

    private boolean leased(JobSpec spec, InFlight run) {
        boolean leased = false;
        try {
            leased = lease.acquire(spec.id(), run.scheduledAt, spec.timeout());
            return leased;
        } finally {
            if (!leased) {
                inFlight.remove(spec.id(), run);
            }
        }
    }

    /** Records a firing that did not run: the previous run was still in progress, or a later firing superseded it. */
    public JobRun recordSkipped(String job, Instant scheduledAt, String why) {
        JobRun skipped = new JobRun(job, scheduledAt, null, null, null, RunStatus.SKIPPED, why);
        record(skipped);
        return skipped;
    }

    public Optional<JobRun> running(String job) {
        InFlight run = inFlight.get(job);
        return run == null ? Optional.empty() : Optional.of(run.snapshot(RunStatus.RUNNING, null, null));
    }

    public int runningCount() {
        return inFlight.size();
    }

    /**
     * Graceful shutdown: refuses new runs, waits up to {@code grace} for the running ones, then cancels those
     * still running (aborting their HTTP calls) and records them as failed.
     */
    public void drain(Duration grace) {
        accepting = false;
        List<InFlight> running = List.copyOf(inFlight.values());
        if (!running.isEmpty()) {
            awaitOrCancel(running, grace);
        }
        events.flush(Duration.ofSeconds(2));
        history.flush(Duration.ofSeconds(5));
    }

    private void awaitOrCancel(List<InFlight> running, Duration grace) {
        Log.infof("waiting up to %dms for %d running job(s)", grace.toMillis(), running.size());
        CompletableFuture<?> all = CompletableFuture.allOf(running.stream()
                .map(r -> r.done).toArray(CompletableFuture[]::new));
        try {
            all.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            for (InFlight run : List.copyOf(inFlight.values())) {
                if (finish(run, RunStatus.FAILED, "cancelled: the scheduler shut down and the run exceeded the "
                        + grace.toMillis() + "ms grace period") && run.cancellable != null) {
                    run.cancellable.cancel();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            Log.debug("a run failed while draining", e);
        }
    }

    /**
     * Forgets a deleted job's history. A run still in progress finishes (metrics, runs topic) but stays out of the
     * history, so a new job with the same id starts with an empty one.
     */
    public void forget(String job) {
        InFlight run = inFlight.get(job);
        if (run != null) {
            run.jobDeleted = true;
        }
        history.forget(job);
        actions.forget(job);
    }

    private boolean finish(InFlight run, RunStatus status, String error) {
        if (!run.finished.compareAndSet(false, true)) {
            return false;
        }
        inFlight.remove(run.job, run);
        lease.release(run.job);
        JobRun done = run.snapshot(status, clock.instant(), error);
        record(done, !run.jobDeleted);
        run.done.complete(null);
        if (status != RunStatus.SUCCEEDED) {
            Log.debugf("job %s run scheduled at %s: %s %s", run.job, run.scheduledAt, status, error);
        }
        return true;
    }

    private void record(JobRun run) {
        record(run, true);
    }

    private void record(JobRun run, boolean inHistory) {
        if (inHistory) {
            history.record(run);
        }
        metrics.finished(run);
        events.publish(run);
    }

    private static RunStatus statusOf(Throwable failure) {
        return failure instanceof RunTimedOutException ? RunStatus.TIMED_OUT : RunStatus.FAILED;
    }

    private static String messageOf(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    /** One run in progress. */
    private static final class InFlight {
        final String job;
        final Instant scheduledAt;
        final Instant startedAt;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final AtomicBoolean finished = new AtomicBoolean();
        volatile Cancellable cancellable;
        volatile boolean jobDeleted;

        InFlight(String job, Instant scheduledAt, Instant startedAt) {
            this.job = job;
            this.scheduledAt = scheduledAt;
            this.startedAt = startedAt;
        }

        long latenessMs() {
            return Math.max(0, Duration.between(scheduledAt, startedAt).toMillis());
        }

        JobRun snapshot(RunStatus status, Instant finishedAt, String error) {
            return new JobRun(job, scheduledAt, startedAt, finishedAt, latenessMs(), status, error);
        }
    }

    /** The action did not finish within the job's timeout; its pipeline (and HTTP calls) were cancelled. */
    static final class RunTimedOutException extends RuntimeException {
        RunTimedOutException(Duration timeout) {
            super("no result within the job timeout of " + timeout.toMillis() + "ms; the action was cancelled");
        }
    }
}
