package dev.updraft.bench.report;

/** One goal of an issue, the figure reached and whether it passes. */
public record GoalCheck(String goal, String target, String actual, boolean pass) {
}
