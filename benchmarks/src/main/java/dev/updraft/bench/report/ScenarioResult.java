package dev.updraft.bench.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.updraft.bench.metrics.CurvePoint;
import dev.updraft.bench.metrics.DeliveryCounts;
import dev.updraft.bench.metrics.Percentiles;

/**
 * One scenario run against one system; written as {@code results/<scenario>-<system>.json}.
 *
 * @param group      {@code live}, {@code aggregator} or {@code scheduler}
 * @param scenario   e.g. {@code aggregator-fanout}; results of one scenario with different systems are compared
 * @param system     {@code updraft}, or the peer and its setting, e.g. {@code tornado-max-clients-10}
 * @param smoke      figures from a harness check, not a measurement
 * @param figures    scenario-specific figures (ordered), e.g. {@code deliveriesPerSec}
 * @param throughput the headline rate (per second) compared across systems, or null
 * @param latency    the headline latency distribution in ms (lateness for the scheduler)
 * @param curve      its percentile curve, for the charts
 * @param deliveries delivery accounting (live only), or null
 * @param run        the machine and invocation it came from (stamped by the CLI)
 */
public record ScenarioResult(String group, String scenario, String system, String title, boolean smoke,
                             Instant startedAt, Map<String, Object> parameters, Map<String, Object> figures,
                             Double throughput, Percentiles latency, List<CurvePoint> curve,
                             DeliveryCounts deliveries, List<GoalCheck> goals, List<String> notes,
                             RunInfo run) {

    public ScenarioResult withRun(RunInfo info) {
        return new ScenarioResult(group, scenario, system, title, smoke, startedAt, parameters, figures, throughput,
                latency, curve, deliveries, goals, notes, info);
    }

    public boolean passed() {
        return goals.stream().allMatch(GoalCheck::pass);
    }

    public String fileName() {
        return scenario + "-" + system + ".json";
    }

    public String label() {
        return scenario + " / " + system;
    }
}
