package dev.updraft.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import dev.updraft.bench.aggregator.AggregatorBenchmark;
import dev.updraft.bench.live.LiveBenchmark;
import dev.updraft.bench.report.GoalCheck;
import dev.updraft.bench.report.ReportWriter;
import dev.updraft.bench.report.CpuProbe;
import dev.updraft.bench.report.CpuTimes;
import dev.updraft.bench.report.RunInfo;
import dev.updraft.bench.report.ScenarioResult;
import dev.updraft.bench.scheduler.SchedulerBenchmark;

/**
 * {@code benchmarks/run [--smoke] [--connections=N] [--report-only] live|aggregator|scheduler|all}: runs the
 * scenarios (N overrides the connections held in {@code live-broadcast}),
 * writes {@code benchmarks/results/}, prints the goal summary. Exits 1 when a scenario could not run;
 * missed goals are results, not errors.
 */
public final class BenchMain {

    private static final Logger LOG = Logger.getLogger(BenchMain.class.getName());

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) {
            h.setFormatter(new SimpleFormatter());
        }
        boolean smoke = false;
        boolean reportOnly = false;
        String which = "all";
        Integer connections = null;
        for (String a : args) {
            if (a.startsWith("--connections=")) {
                connections = Integer.parseInt(a.substring("--connections=".length()));
                continue;
            }
            switch (a) {
                case "--smoke" -> smoke = true;
                case "--report-only" -> reportOnly = true;
                case "live", "aggregator", "scheduler", "all" -> which = a;
                default -> {
                    System.err.println("usage: benchmarks/run [--smoke] [--connections=N] [--report-only] [live|aggregator|scheduler|all]");
                    System.exit(2);
                }
            }
        }
        Path repo = Path.of(System.getProperty("updraft.repo", ".")).toAbsolutePath().normalize();
        Path results = repo.resolve("benchmarks/results");
        BenchContext ctx = new BenchContext(repo, results, repo.resolve("benchmarks/target/bench-run"),
                Path.of(System.getProperty("java.home")),
                System.getProperty("updraft.bench.classpath", System.getProperty("java.class.path")),
                System.getenv().getOrDefault("UPDRAFT_PYTHON", "/usr/bin/python3"),
                sizes(smoke, connections));
        ReportWriter writer = new ReportWriter(results);
        boolean failed = false;
        if (!reportOnly) {
            RunInfo info = RunInfo.current("bench " + (smoke ? "--smoke " : "") + which, smoke);
            List<String> groups = which.equals("all") ? List.of("live", "aggregator", "scheduler") : List.of(which);
            for (String group : groups) {
                try {
                    double probeMs = CpuProbe.millis();
                    CpuTimes before = CpuTimes.read();
                    List<ScenarioResult> produced = run(group, ctx);
                    RunInfo groupInfo = info.forArea(probeMs, CpuTimes.stealPercent(before, CpuTimes.read()));
                    clear(results, group);
                    for (ScenarioResult r : produced) {
                        writer.save(r.withRun(groupInfo));
                    }
                } catch (Exception e) {
                    failed = true;
                    LOG.log(Level.SEVERE, group + " benchmark failed; see " + ctx.work().resolve("logs"), e);
                }
            }
        }
        Path report = writer.render();
        summary(writer.load(), report, System.out);
        System.exit(failed ? 1 : 0);
    }

    private static Sizes sizes(boolean smoke, Integer connections) {
        Sizes sizes = smoke ? Sizes.small() : Sizes.full();
        return connections == null ? sizes : sizes.withBroadcastConnections(connections);
    }

    private static List<ScenarioResult> run(String group, BenchContext ctx) throws IOException, InterruptedException {
        LOG.info(() -> "running the " + group + " benchmark (" + (ctx.sizes().smoke() ? "smoke" : "full") + " sizes)");
        return switch (group) {
            case "live" -> new LiveBenchmark(ctx).run();
            case "aggregator" -> new AggregatorBenchmark(ctx).run();
            case "scheduler" -> new SchedulerBenchmark(ctx).run();
            default -> throw new IllegalArgumentException(group);
        };
    }

    /** Removes a group's previous result files so a report never mixes two runs of one scenario. */
    private static void clear(Path results, String group) throws IOException {
        if (!Files.isDirectory(results)) {
            return;
        }
        List<Path> old = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(results, group + "-*.json")) {
            files.forEach(old::add);
        }
        for (Path f : old) {
            Files.delete(f);
        }
    }

    private static void summary(List<ScenarioResult> results, Path report, PrintStream out) {
        out.println();
        for (ScenarioResult r : results) {
            for (GoalCheck g : r.goals()) {
                out.printf("%-5s %-26s %-8s %s: %s (target %s)%n", g.pass() ? "PASS" : "FAIL", r.scenario(),
                        r.system(), g.goal(), g.actual(), g.target());
            }
        }
        out.println("report: " + report);
    }
}
