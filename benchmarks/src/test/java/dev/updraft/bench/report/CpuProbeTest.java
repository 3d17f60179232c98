package dev.updraft.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuProbeTest {

    @Test
    void theComputationTakesMeasurableTime() {
        // hashing 32 MiB takes tens of milliseconds on any machine that runs this build; never zero
        assertThat(CpuProbe.millis()).isGreaterThan(1.0).isLessThan(60_000.0);
    }
}
