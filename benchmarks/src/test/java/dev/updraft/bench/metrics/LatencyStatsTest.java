package dev.updraft.bench.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void percentilesOfAUniformDistribution() {
        LatencyStats stats = new LatencyStats();
        for (int ms = 1; ms <= 1000; ms++) {
            stats.recordMillis(ms);
        }
        Percentiles p = stats.percentiles();
        assertThat(p.count()).isEqualTo(1000);
        assertThat(p.min()).isCloseTo(1.0, within(0.01));
        assertThat(p.p50()).isCloseTo(500, within(0.5));
        assertThat(p.p90()).isCloseTo(900, within(0.9));
        assertThat(p.p99()).isCloseTo(990, within(1.0));
        assertThat(p.max()).isCloseTo(1000, within(1.0));
        assertThat(p.mean()).isCloseTo(500.5, within(0.5));
    }

    @Test
    void microsecondResolutionIsKeptForSmallValues() {
        LatencyStats stats = new LatencyStats();
        stats.recordMicros(123);
        assertThat(stats.percentiles().p50()).isEqualTo(0.123);
    }

    @Test
    void emptyHistogramReportsZeros() {
        LatencyStats stats = new LatencyStats();
        assertThat(stats.percentiles()).isEqualTo(Percentiles.EMPTY);
        assertThat(stats.curve()).isEmpty();
    }

    @Test
    void negativeAndOversizedSamplesAreClampedAndCounted() {
        LatencyStats stats = new LatencyStats();
        stats.recordMicros(-5);
        stats.recordMicros(LatencyStats.HIGHEST_MICROS * 2);
        stats.recordMicros(10);
        assertThat(stats.clamped()).isEqualTo(2);
        assertThat(stats.count()).isEqualTo(3);
        assertThat(stats.percentiles().min()).isZero();
    }

    @Test
    void encodedHistogramSurvivesTheTripBetweenProcesses() {
        LatencyStats a = new LatencyStats();
        for (int i = 0; i < 500; i++) {
            a.recordMicros(1_000 + i);
        }
        LatencyStats copy = LatencyStats.decode(a.encode(), 3);
        assertThat(copy.percentiles()).isEqualTo(a.percentiles());
        assertThat(copy.clamped()).isEqualTo(3);
    }

    @Test
    void mergingAddsSamples() {
        LatencyStats a = new LatencyStats();
        LatencyStats b = new LatencyStats();
        a.recordMillis(1);
        b.recordMillis(100);
        b.recordMillis(100);
        a.add(b);
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.percentiles().p50()).isCloseTo(100, within(0.1));
    }

    @Test
    void curveRisesToTheMaximum() {
        LatencyStats stats = new LatencyStats();
        for (int ms = 1; ms <= 100; ms++) {
            stats.recordMillis(ms);
        }
        List<CurvePoint> curve = stats.curve();
        assertThat(curve).isNotEmpty();
        assertThat(curve).isSortedAccordingTo((x, y) -> Double.compare(x.percentile(), y.percentile()));
        assertThat(curve.getLast().percentile()).isEqualTo(100.0);
        assertThat(curve.getLast().millis()).isCloseTo(100, within(0.1));
    }
}
