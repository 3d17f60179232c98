package dev.updraft.bench.report;

import java.lang.management.ManagementFactory;
import java.time.Instant;

/**
 * The conditions a result was measured in. The load average at the start tells a reader whether other
 * work shared the two cores; {@code cpuStealPercent} whether the host took them away during the run of the
 * result's area (null when unknown).
 */
public record RunInfo(Instant at, String command, String jdk, int cores, long memoryBytes, double loadAverageAtStart,
                      boolean smoke, Double cpuStealPercent) {

    public static RunInfo current(String command, boolean smoke) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        long memory = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : -1;
        return new RunInfo(Instant.now(), command, Runtime.version().toString(), os.getAvailableProcessors(), memory,
                os.getSystemLoadAverage(), smoke, null);
    }

    public RunInfo withCpuSteal(Double percent) {
        return new RunInfo(at, command, jdk, cores, memoryBytes, loadAverageAtStart, smoke, percent);
    }
}
