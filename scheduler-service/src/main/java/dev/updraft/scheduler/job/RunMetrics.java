package dev.updraft.scheduler.job;

import dev.updraft.model.scheduler.JobRun;
import dev.updraft.model.scheduler.RunStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Run metrics. Tags carry the status, not the job id: a thousand jobs must not become a thousand time series
 * per histogram bucket. Per-job detail is in the run history API.
 */
@ApplicationScoped
public class RunMetrics {

    private final Map<RunStatus, Counter> runs = new EnumMap<>(RunStatus.class);
    private final Timer lateness;
    private final Timer duration;

    public RunMetrics(MeterRegistry registry) {
        for (RunStatus status : RunStatus.values()) {
            if (status != RunStatus.RUNNING) {
                runs.put(status, Counter.builder("updraft.scheduler.runs")
                        .description("Finished or skipped job runs by status")
                        .tag("status", status.name().toLowerCase(Locale.ROOT))
                        .register(registry));
            }
        }
        lateness = Timer.builder("updraft.scheduler.run.lateness")
                .description("How long after its scheduled time a run started")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
        duration = Timer.builder("updraft.scheduler.run.duration")
                .description("How long a run took from start to finish")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    public void started(long latenessMs) {
        lateness.record(Duration.ofMillis(Math.max(0, latenessMs)));
    }

    public void finished(JobRun run) {
        Counter counter = runs.get(run.status());
        if (counter != null) {
            counter.increment();
        }
        if (run.startedAt() != null && run.finishedAt() != null) {
            duration.record(Duration.between(run.startedAt(), run.finishedAt()));
        }
    }
}
