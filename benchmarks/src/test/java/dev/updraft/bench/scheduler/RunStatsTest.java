package dev.updraft.bench.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.updraft.model.scheduler.JobRun;
import dev.updraft.model.scheduler.RunStatus;

class RunStatsTest {

    private static final Instant T0 = Instant.parse("2026-11-26T07:00:00Z");

    private static JobRun run(int second, long lateMs, long durationMs, RunStatus status) {
        Instant scheduled = T0.plusSeconds(second);
        Instant started = scheduled.plusMillis(lateMs);
        return new JobRun("j", scheduled, started, started.plusMillis(durationMs), lateMs, status, null);
    }

    @Test
    void onlyRunsScheduledInsideTheWindowCount() {
        RunStats stats = new RunStats();
        stats.addJob(List.of(run(0, 500, 1, RunStatus.SUCCEEDED), run(1, 2, 1, RunStatus.SUCCEEDED),
                run(2, 4, 1, RunStatus.SUCCEEDED), run(3, 900, 1, RunStatus.SUCCEEDED)),
                T0.plusSeconds(1), T0.plusSeconds(3));
        assertThat(stats.runs).isEqualTo(2);
        // HdrHistogram keeps 3 significant digits: 4 ms reads back as 4.001 ms
        assertThat(stats.lateness.percentiles().max()).isCloseTo(4.0, org.assertj.core.api.Assertions.within(0.01));
    }

    @Test
    void statusesAreCountedAndSkippedRunsHaveNoLateness() {
        RunStats stats = new RunStats();
        JobRun skipped = new JobRun("j", T0.plusSeconds(2), null, null, null, RunStatus.SKIPPED, null);
        stats.addJob(List.of(run(1, 1, 1, RunStatus.FAILED), skipped, run(3, 1, 1, RunStatus.TIMED_OUT)),
                T0, T0.plusSeconds(10));
        assertThat(stats.runs).isEqualTo(3);
        assertThat(stats.skipped).isEqualTo(1);
        assertThat(stats.failed).isEqualTo(1);
        assertThat(stats.timedOut).isEqualTo(1);
        assertThat(stats.lateness.count()).isEqualTo(2);
    }

    @Test
    void aRunStartingBeforeThePreviousFinishedIsAnOverlap() {
        // second run starts at 1.000 s while the first (started 0.000 s) runs until 1.500 s
        List<JobRun> runs = List.of(run(1, 0, 10, RunStatus.SUCCEEDED), run(0, 0, 1_500, RunStatus.SUCCEEDED),
                run(2, 0, 10, RunStatus.SUCCEEDED));
        assertThat(RunStats.countOverlaps(runs)).isEqualTo(1);
    }

    @Test
    void backToBackRunsDoNotOverlap() {
        List<JobRun> runs = List.of(run(0, 0, 1_000, RunStatus.SUCCEEDED), run(1, 0, 999, RunStatus.SUCCEEDED));
        assertThat(RunStats.countOverlaps(runs)).isZero();
    }
}
