package dev.updraft.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.updraft.bench.metrics.DeliveryCounts;
import dev.updraft.bench.metrics.LatencyStats;

class ReportWriterTest {

    @TempDir
    Path dir;

    private static ScenarioResult result(String group, String scenario, String system, double baseMs, Double rate,
                                         List<GoalCheck> goals, boolean smoke) {
        LatencyStats stats = new LatencyStats();
        for (int i = 1; i <= 100; i++) {
            stats.recordMillis(baseMs + i / 10.0);
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("calls", 100);
        return new ScenarioResult(group, scenario, system, "A title", smoke, Instant.parse("2026-11-26T07:00:00Z"),
                Map.of("requestsPerCall", 100), figures, rate, stats.percentiles(), stats.curve(),
                group.equals("live") ? new DeliveryCounts(10, 100, 99, 1, 0, 0, 0) : null, goals, List.of("a note"),
                new RunInfo(Instant.parse("2026-11-26T07:00:00Z"), "bench all", "25", 2, 24L << 30, 0.5, smoke, 0.4, 81.5));
    }

    private static List<ScenarioResult> sample(boolean smoke) {
        return List.of(
                result("aggregator", "aggregator-fanout", "updraft", 50, null,
                        List.of(new GoalCheck("p99", "≤ 70 ms", "60 ms", true)), smoke),
                result("aggregator", "aggregator-fanout", "tornado-max-clients-10-default", 500, null, List.of(), smoke),
                result("aggregator", "aggregator-throughput", "updraft", 2, 2000.0, List.of(), smoke),
                result("aggregator", "aggregator-throughput", "tornado-max-clients-256", 8, 500.0, List.of(), smoke),
                result("live", "live-broadcast", "updraft", 100, 40000.0,
                        List.of(new GoalCheck("held", "≥ 20000", "19500", false)), smoke));
    }

    @Test
    void markdownHasGoalsRatiosAndTables() {
        String md = ReportWriter.markdown(sample(false));
        assertThat(md).doesNotContain("Smoke run").doesNotContain("Busy machine");
        assertThat(md).contains("| aggregator-fanout | updraft | p99 | ≤ 70 ms | 60 ms | **pass** |");
        assertThat(md).contains("| live-broadcast | updraft | held | ≥ 20000 | 19500 | **FAIL** |");
        // 500-ish ms against 50-ish ms: about ten times better; throughput 2000/s against 500/s: four times
        assertThat(md).containsPattern("\\| aggregator-fanout \\| tornado-max-clients-10-default \\| 9\\.\\d\\d× \\|");
        assertThat(md).contains("| aggregator-throughput | tornado-max-clients-256 |").contains("| 4.00× |");
        assertThat(md).contains("## Live updates").contains("missing | duplicate | out of order")
                .contains("| 1 | 0 | 0 |");
        assertThat(md).contains("![latency by percentile](aggregator-percentiles.png)");
        assertThat(md).contains("- note: a note");
    }

    @Test
    void smokeResultsAreFlagged() {
        assertThat(ReportWriter.markdown(sample(true))).contains("**Smoke run.**");
    }

    @Test
    void busyMachineIsFlagged() {
        RunInfo busy = new RunInfo(Instant.parse("2026-11-26T07:00:00Z"), "bench live", "25", 2, 24L << 30, 7.5, false,
                null, null);
        List<ScenarioResult> results = sample(false).stream().map(r -> r.withRun(busy)).toList();
        assertThat(ReportWriter.markdown(results)).contains("**Busy machine.** The load average was 7.50")
                .contains("| 7.50 | n/a | n/a | full |").doesNotContain("Busy host");
    }

    @Test
    void stolenCpuIsShownAndFlagged() {
        assertThat(ReportWriter.markdown(sample(false))).contains("| 0.40 % | 81.50 ms |").doesNotContain("Busy host");
        RunInfo stolen = new RunInfo(Instant.parse("2026-11-26T07:00:00Z"), "bench live", "25", 2, 24L << 30, 0.2,
                false, 9.25, 80.0);
        List<ScenarioResult> results = sample(false).stream().map(r -> r.withRun(stolen)).toList();
        assertThat(ReportWriter.markdown(results)).contains("**Busy host.** 9.25 % of the CPU time was stolen");
    }

    @Test
    void renderWritesReportAndNonEmptyCharts() throws Exception {
        ReportWriter writer = new ReportWriter(dir);
        for (ScenarioResult r : sample(false)) {
            writer.save(r);
        }
        assertThat(writer.load()).hasSize(5);
        Path report = writer.render();
        assertThat(Files.readString(report)).contains("# Updraft benchmark report");
        for (String png : List.of("aggregator-percentiles.png", "aggregator-p50-p99.png", "live-percentiles.png")) {
            BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
            assertThat(image).as(png).isNotNull();
            assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
            assertThat(distinctColours(image)).as(png + " has drawn content").isGreaterThan(5);
        }
        assertThat(dir.resolve("scheduler-percentiles.png")).doesNotExist();
    }

    @Test
    void savedResultReadsBackEqual() throws Exception {
        ReportWriter writer = new ReportWriter(dir);
        ScenarioResult r = sample(false).get(0);
        writer.save(r);
        ScenarioResult back = writer.load().get(0);
        assertThat(back.latency()).isEqualTo(r.latency());
        assertThat(back.goals()).isEqualTo(r.goals());
        assertThat(back.run()).isEqualTo(r.run());
        assertThat(back.curve()).isEqualTo(r.curve());
    }

    @Test
    void percentileAxisLabels() {
        Charts.PercentileFormat f = new Charts.PercentileFormat();
        assertThat(f.format(10.0)).isEqualTo("90%");
        assertThat(f.format(100.0)).isEqualTo("99%");
        assertThat(f.format(1000.0)).isEqualTo("99.9%");
        assertThat(f.format(1.0)).isEqualTo("0%");
    }

    private static long distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int x = 0; x < image.getWidth(); x += 3) {
            for (int y = 0; y < image.getHeight(); y += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
