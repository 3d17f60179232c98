package dev.updraft.scheduler.job;

import dev.updraft.model.InvalidFieldException;
import dev.updraft.model.scheduler.JobRun;
import dev.updraft.model.scheduler.JobSpec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The job operations behind the API and the start-up: validation first, then one store change, so a rejected
 * request leaves nothing behind. Blocking (the store may be JDBC): call from worker threads.
 */
@ApplicationScoped
public class JobService {

    private final JobRepository repository;
    private final JobRunner runner;
    private final RunStarter starter;
    private final RunHistory history;
    private final Clock clock;

    /** Enabled flag of every known job, for the jobs-by-state gauges without a store query per scrape. */
    private final ConcurrentHashMap<String, Boolean> enabled = new ConcurrentHashMap<>();

    public JobService(JobRepository repository, JobRunner runner, RunStarter starter, RunHistory history, Clock clock,
            MeterRegistry registry) {
        this.repository = repository;
        this.runner = runner;
        this.starter = starter;
        this.history = history;
        this.clock = clock;
        Gauge.builder("updraft.scheduler.jobs", this, s -> s.count(true) - runner.runningCount())
                .description("Jobs by state").tag("state", JobView.SCHEDULED).register(registry);
        Gauge.builder("updraft.scheduler.jobs", runner, JobRunner::runningCount)
                .description("Jobs by state").tag("state", JobView.RUNNING).register(registry);
        Gauge.builder("updraft.scheduler.jobs", this, s -> s.count(false))
                .description("Jobs by state").tag("state", JobView.PAUSED).register(registry);
    }

    public List<JobView> list() {
        List<JobView> views = new ArrayList<>();
        Map<String, JobRun> lastRuns = history.lastOfEach();
        for (JobSpec spec : repository.all()) {
            enabled.put(spec.id(), spec.enabled());
            views.add(view(spec, () -> Optional.ofNullable(lastRuns.get(spec.id()))));
        }
        return views;
    }

    public JobView get(String id) {
        return view(existing(id));
    }

    public JobView create(JobSpec spec) {
        validate(spec);
        if (!repository.create(spec)) {
            throw new JobExistsException(spec.id());
        }
        enabled.put(spec.id(), spec.enabled());
        return view(spec);
    }

    /** Replaces a job's definition; its run history and a run in progress are kept. */
    public JobView replace(String id, JobSpec spec) {
        if (!id.equals(spec.id())) {
            throw new InvalidFieldException("id", "id '" + spec.id() + "' differs from the job in the path ('" + id
                    + "'): a job cannot be renamed, create a new one instead");
        }
        validate(spec);
        JobSpec previous = existing(id);
        repository.replace(previous, spec);
        dropPendingStartIfRescheduled(previous, spec);
        enabled.put(id, spec.enabled());
        return view(spec);
    }

    public void delete(String id) {
        if (!repository.delete(id)) {
            throw new JobNotFoundException(id);
        }
        enabled.remove(id);
        starter.cancel(id);
        runner.forget(id);
    }

    public JobView pause(String id) {
        return setEnabled(id, false);
    }

    public JobView resume(String id) {
        return setEnabled(id, true);
    }

    /** Runs the job once now, paused or not (still never alongside a run in progress). */
    public JobRun trigger(String id) {
        return runner.fire(existing(id), clock.instant());
    }

    /** The run in progress, if any, then the finished ones, newest first. */
    public List<JobRun> runs(String id, int limit) {
        if (limit < 1) {
            throw new InvalidFieldException("limit", "limit must be at least 1");
        }
        existing(id);
        List<JobRun> runs = new ArrayList<>(limit);
        runner.running(id).ifPresent(runs::add);
        runs.addAll(history.latest(id, limit - runs.size()));
        return runs;
    }

    /** Start-up: writes the configured jobs; a job paused through the API stays paused. */
    public void applyConfigured(List<JobSpec> configured) {
        for (JobSpec spec : configured) {
            validate(spec);
            Optional<JobSpec> stored = repository.find(spec.id());
            if (stored.isEmpty()) {
                repository.create(spec);
            } else {
                JobSpec wanted = stored.get().enabled() ? spec : spec.withEnabled(false);
                if (!wanted.equals(stored.get())) {
                    repository.replace(stored.get(), wanted);
                }
            }
            enabled.put(spec.id(), repository.find(spec.id()).map(JobSpec::enabled).orElse(spec.enabled()));
        }
    }

    /** Start-up: repairs every stored job's trigger (see {@link JobRepository#reconcile}). */
    public void reconcileAll() {
        for (JobSpec spec : repository.all()) {
            repository.reconcile(spec);
            enabled.put(spec.id(), spec.enabled());
        }
    }

    private JobView setEnabled(String id, boolean on) {
        JobSpec previous = existing(id);
        JobSpec spec = previous.withEnabled(on);
        if (!spec.equals(previous)) {
            repository.replace(previous, spec);
            dropPendingStartIfRescheduled(previous, spec);
        }
        enabled.put(id, on);
        return view(spec);
    }

    /**
     * A firing Quartz already fired ahead of its due time belongs to the old schedule: a paused job or a new schedule
     * must not run it.
     */
    private void dropPendingStartIfRescheduled(JobSpec previous, JobSpec spec) {
        if (!spec.enabled() || !previous.schedule().equals(spec.schedule())) {
            starter.cancel(spec.id());
        }
    }

    /** Checks what the job format alone cannot: the cron syntax and that the schedule fires at all. */
    private void validate(JobSpec spec) {
        repository.triggerOf(spec);
    }

    private JobSpec existing(String id) {
        return repository.find(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    private JobView view(JobSpec spec) {
        return view(spec, () -> history.last(spec.id()));
    }

    /** {@code lastRun} is asked only when the job is not running now. */
    private JobView view(JobSpec spec, Supplier<Optional<JobRun>> lastRun) {
        Optional<JobRun> running = runner.running(spec.id());
        String state = running.isPresent() ? JobView.RUNNING : spec.enabled() ? JobView.SCHEDULED : JobView.PAUSED;
        return new JobView(spec, state, repository.nextFiring(spec.id()).orElse(null),
                running.or(lastRun).orElse(null));
    }

    private long count(boolean on) {
        return enabled.values().stream().filter(e -> e == on).count();
    }
}
