package dev.updraft.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;

import org.junit.jupiter.api.Test;

class CpuTimesTest {

    @Test
    void aggregateLineGivesTotalAndSteal() {
        CpuTimes times = CpuTimes.parse(List.of("cpu  100 5 20 800 3 0 2 70 0 0", "cpu0 50 2 10 400 1 0 1 35 0 0"));
        assertThat(times).isEqualTo(new CpuTimes(1000, 70));
    }

    @Test
    void stealShareOfTheTimeBetweenTwoReadings() {
        assertThat(CpuTimes.stealPercent(new CpuTimes(1000, 70), new CpuTimes(3000, 170))).isEqualTo(5.0);
        assertThat(CpuTimes.stealPercent(null, new CpuTimes(3000, 170))).isNull();
        assertThat(CpuTimes.stealPercent(new CpuTimes(1000, 70), new CpuTimes(1000, 70))).isNull();
    }

    @Test
    void otherFirstLineIsRefused() {
        assertThatThrownBy(() -> CpuTimes.parse(List.of("intr 1 2 3"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thisMachineCanBeRead() {
        assumeTrue(Files.isReadable(Path.of("/proc/stat")), "Linux only");
        CpuTimes now = CpuTimes.read();
        assertThat(now).isNotNull();
        assertThat(now.total()).isPositive();
        assertThat(now.steal()).isBetween(0L, now.total());
    }
}
