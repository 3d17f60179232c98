package dev.updraft.bench.scheduler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.updraft.bench.metrics.LatencyStats;
import dev.updraft.model.scheduler.JobRun;
import dev.updraft.model.scheduler.RunStatus;

/**
 * Accounting of job runs inside a measurement window: lateness of the runs that started, runs by status,
 * and overlaps (a run that started before the previous run of the same job had finished).
 */
final class RunStats {

    final LatencyStats lateness = new LatencyStats();
    long runs;
    long skipped;
    long failed;
    long timedOut;
    long overlaps;
    long withoutLateness;

    /** Adds one job's runs whose {@code scheduledAt} is in [from, to). */
    void addJob(List<JobRun> jobRuns, Instant from, Instant to) {
        List<JobRun> inWindow = new ArrayList<>();
        for (JobRun r : jobRuns) {
            if (r.scheduledAt() != null && !r.scheduledAt().isBefore(from) && r.scheduledAt().isBefore(to)) {
                inWindow.add(r);
            }
        }
        for (JobRun r : inWindow) {
            runs++;
            if (r.status() == RunStatus.SKIPPED) {
                skipped++;
                continue;
            }
            if (r.status() == RunStatus.FAILED) {
                failed++;
            } else if (r.status() == RunStatus.TIMED_OUT) {
                timedOut++;
            }
            if (r.latenessMs() != null) {
                lateness.recordMillis(r.latenessMs());
            } else {
                withoutLateness++;
            }
        }
        overlaps += countOverlaps(inWindow);
    }

    static long countOverlaps(List<JobRun> runs) {
        List<JobRun> started = runs.stream()
                .filter(r -> r.startedAt() != null)
                .sorted(Comparator.comparing(JobRun::startedAt))
                .toList();
        long overlaps = 0;
        for (int i = 1; i < started.size(); i++) {
            Instant previousEnd = started.get(i - 1).finishedAt();
            if (previousEnd == null || started.get(i).startedAt().isBefore(previousEnd)) {
                overlaps++;
            }
        }
        return overlaps;
    }
}
