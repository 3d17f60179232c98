package dev.updraft.bench.report;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.updraft.bench.metrics.CurvePoint;
import dev.updraft.bench.metrics.DeliveryCounts;
import dev.updraft.bench.metrics.Percentiles;
import dev.updraft.model.ModelJson;

/**
 * Writes {@code results/<scenario>-<system>.json} and renders {@code REPORT.md} plus PNG charts from every
 * result file present, so runs of single groups ({@code bench live}, then {@code bench scheduler}) add up
 * to one report.
 */
public final class ReportWriter {

    /** A load average above this at the start means other work was competing for the CPU. */
    static final double BUSY_LOAD = 1.0;
    /** More of the CPU time than this stolen by the host during a run means the machine was slower than itself. */
    static final double BUSY_STEAL_PERCENT = 2.0;
    static final List<String> GROUPS = List.of("live", "aggregator", "scheduler");
    private static final Map<String, String> GROUP_TITLES = Map.of(
            "live", "Live updates (WebSocket hub)",
            "aggregator", "Fetch aggregator (concurrent fan-out)",
            "scheduler", "Scheduler (periodic jobs)");

    private final ObjectMapper json = ModelJson.newMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path dir;

    public ReportWriter(Path resultsDir) {
        this.dir = resultsDir;
    }

    public void save(ScenarioResult result) throws IOException {
        Files.createDirectories(dir);
        json.writeValue(dir.resolve(result.fileName()).toFile(), result);
    }

    public List<ScenarioResult> load() throws IOException {
        List<ScenarioResult> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                all.add(json.readValue(f.toFile(), ScenarioResult.class));
            }
        }
        all.sort(Comparator.comparing((ScenarioResult r) -> GROUPS.indexOf(r.group()))
                .thenComparing(r -> r.startedAt()));
        return all;
    }

    /** Renders the report and its charts from every result in the directory; returns the report path. */
    public Path render() throws IOException {
        Files.createDirectories(dir);
        List<ScenarioResult> results = load();
        for (String group : GROUPS) {
            List<ScenarioResult> of = ofGroup(results, group);
            if (of.isEmpty()) {
                continue;
            }
            Map<String, List<CurvePoint>> curves = new LinkedHashMap<>();
            Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
            for (ScenarioResult r : of) {
                curves.put(r.label(), r.curve());
                Map<String, Double> v = new LinkedHashMap<>();
                v.put("p50", r.latency().p50());
                v.put("p99", r.latency().p99());
                bars.put(r.label(), v);
            }
            String what = group.equals("scheduler") ? "lateness" : "latency";
            Charts.percentiles(GROUP_TITLES.get(group) + ": " + what + " by percentile", curves,
                    dir.resolve(group + "-percentiles.png"));
            Charts.bars(GROUP_TITLES.get(group) + ": p50 and p99 " + what, "ms", bars,
                    dir.resolve(group + "-p50-p99.png"));
        }
        Path report = dir.resolve("REPORT.md");
        Files.writeString(report, markdown(results));
        return report;
    }

    /** The report text; charts are referenced by the names {@link #render()} gives them. */
    public static String markdown(List<ScenarioResult> results) {
        StringBuilder md = new StringBuilder("# Updraft benchmark report\n\n");
        if (results.isEmpty()) {
            return md.append("No results yet: run `./updraft bench all`.\n").toString();
        }
        if (results.stream().anyMatch(ScenarioResult::smoke)) {
            md.append("> **Smoke run.** Some or all results below come from the small harness check "
                    + "(`benchmarks/run --smoke`), usually on a busy machine. They show that the harness works, "
                    + "not what the services can do; do not quote them.\n\n");
        }
        runs(md, results);
        goals(md, results);
        comparisons(md, results);
        for (String group : GROUPS) {
            List<ScenarioResult> of = ofGroup(results, group);
            if (!of.isEmpty()) {
                group(md, group, of);
            }
        }
        return md.toString();
    }

    private static void runs(StringBuilder md, List<ScenarioResult> results) {
        List<RunInfo> runs = results.stream().map(ScenarioResult::run).filter(Objects::nonNull).distinct().toList();
        if (runs.isEmpty()) {
            return;
        }
        md.append("## Runs\n\n| started | command | JDK | cores | memory | load average at start | CPU steal | CPU probe | sizes |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (RunInfo r : runs) {
            md.append("| ").append(r.at()).append(" | `").append(r.command()).append("` | ").append(r.jdk())
                    .append(" | ").append(r.cores()).append(" | ").append(r.memoryBytes() >> 30).append(" GiB | ")
                    .append(num(r.loadAverageAtStart())).append(" | ")
                    .append(r.cpuStealPercent() == null ? "n/a" : num(r.cpuStealPercent()) + " %").append(" | ")
                    .append(r.cpuProbeMs() == null ? "n/a" : num(r.cpuProbeMs()) + " ms").append(" | ")
                    .append(r.smoke() ? "smoke" : "full")
                    .append(" |\n");
        }
        md.append("\nServices, peers and load generators share the same machine and talk over 127.0.0.1.\n\n");
        double busiest = runs.stream().mapToDouble(RunInfo::loadAverageAtStart).max().orElse(0);
        if (busiest > BUSY_LOAD) {
            md.append("> **Busy machine.** The load average was ").append(num(busiest))
                    .append(" at the start of a run: other work shared the CPU, so latencies are pessimistic and "
                            + "rates low. Re-run on a quiet machine before quoting these figures.\n\n");
        }
        double stolen = runs.stream().map(RunInfo::cpuStealPercent).filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue).max().orElse(0);
        if (stolen > BUSY_STEAL_PERCENT) {
            md.append("> **Busy host.** ").append(num(stolen))
                    .append(" % of the CPU time was stolen by the hypervisor during a run (other guests ran on these "
                            + "cores): the machine was slower than itself, so compare such figures only with runs "
                            + "of a similar steal.\n\n");
        }
    }

    private static void goals(StringBuilder md, List<ScenarioResult> results) {
        md.append("## Goals\n\n| scenario | system | goal | target | reached | pass |\n")
                .append("| --- | --- | --- | --- | --- | --- |\n");
        for (ScenarioResult r : results) {
            for (GoalCheck g : r.goals()) {
                md.append("| ").append(r.scenario()).append(" | ").append(r.system()).append(" | ")
                        .append(cell(g.goal())).append(" | ").append(cell(g.target())).append(" | ")
                        .append(cell(g.actual())).append(" | ").append(g.pass() ? "**pass**" : "**FAIL**")
                        .append(" |\n");
            }
        }
        md.append('\n');
    }

    /**
     * Ratios against the peers, always as "how many times better updraft is": peer latency / updraft
     * latency, and updraft throughput / peer throughput. Above 1 means updraft is ahead.
     */
    private static void comparisons(StringBuilder md, List<ScenarioResult> results) {
        Map<String, List<ScenarioResult>> byScenario = results.stream()
                .collect(Collectors.groupingBy(ScenarioResult::scenario, LinkedHashMap::new, Collectors.toList()));
        StringBuilder rows = new StringBuilder();
        byScenario.forEach((scenario, list) -> {
            ScenarioResult ours = list.stream().filter(r -> r.system().equals("updraft")).findFirst().orElse(null);
            if (ours == null) {
                return;
            }
            for (ScenarioResult peer : list) {
                if (peer == ours) {
                    continue;
                }
                rows.append("| ").append(scenario).append(" | ").append(peer.system()).append(" | ")
                        .append(ratio(peer.latency().p50(), ours.latency().p50())).append(" | ")
                        .append(ratio(peer.latency().p99(), ours.latency().p99())).append(" | ")
                        .append(ours.throughput() == null || peer.throughput() == null ? "–"
                                : ratio(ours.throughput(), peer.throughput()))
                        .append(" |\n");
            }
        });
        if (rows.isEmpty()) {
            return;
        }
        md.append("## Updraft against the peers\n\n")
                .append("How many times better updraft is: peer latency ÷ updraft latency, updraft rate ÷ peer "
                        + "rate (above 1: updraft ahead). Each pair ran in the same invocation, one after the other.\n\n")
                .append("| scenario | peer | p50 ratio | p99 ratio | rate ratio |\n| --- | --- | --- | --- | --- |\n")
                .append(rows).append('\n');
    }

    private static void group(StringBuilder md, String group, List<ScenarioResult> results) {
        boolean live = group.equals("live");
        String what = group.equals("scheduler") ? "lateness" : "latency";
        md.append("## ").append(GROUP_TITLES.get(group)).append("\n\n");
        md.append("![").append(what).append(" by percentile](").append(group).append("-percentiles.png)\n\n");
        md.append("| scenario | system | samples | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | rate/s |")
                .append(live ? " missing | duplicate | out of order |" : "").append('\n')
                .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |").append(live ? " --- | --- | --- |" : "")
                .append('\n');
        for (ScenarioResult r : results) {
            Percentiles p = r.latency();
            md.append("| ").append(r.scenario()).append(" | ").append(r.system()).append(" | ").append(p.count())
                    .append(" | ").append(num(p.p50())).append(" | ").append(num(p.p90())).append(" | ")
                    .append(num(p.p99())).append(" | ").append(num(p.p999())).append(" | ").append(num(p.max()))
                    .append(" | ").append(r.throughput() == null ? "–" : num(r.throughput())).append(" |");
            if (live) {
                DeliveryCounts d = r.deliveries() == null ? DeliveryCounts.NONE : r.deliveries();
                md.append(' ').append(d.missing()).append(" | ").append(d.duplicates()).append(" | ")
                        .append(d.outOfOrder()).append(" |");
            }
            md.append('\n');
        }
        md.append("\n![p50 and p99](").append(group).append("-p50-p99.png)\n\n");
        for (ScenarioResult r : results) {
            md.append("### ").append(r.scenario()).append(" / ").append(r.system()).append("\n\n")
                    .append(r.title()).append(r.smoke() ? " (smoke)" : "").append(".\n\n")
                    .append("- parameters: ").append(inline(r.parameters())).append('\n')
                    .append("- figures: ").append(inline(r.figures())).append('\n');
            for (String note : r.notes()) {
                md.append("- note: ").append(note).append('\n');
            }
            md.append('\n');
        }
    }

    private static List<ScenarioResult> ofGroup(List<ScenarioResult> results, String group) {
        return results.stream().filter(r -> r.group().equals(group)).toList();
    }

    private static String inline(Map<String, Object> values) {
        return values.entrySet().stream().map(e -> "`" + e.getKey() + "` " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    static String ratio(double numerator, double denominator) {
        return denominator <= 0 || numerator <= 0 ? "–" : String.format(Locale.ROOT, "%.2f×", numerator / denominator);
    }

    static String num(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }
}
