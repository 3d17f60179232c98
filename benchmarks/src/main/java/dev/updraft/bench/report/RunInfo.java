package dev.updraft.bench.report;

import java.lang.management.ManagementFactory;
import java.time.Instant;

/**
 * The conditions a result was measured in. The load average at the start tells a reader whether other
 * work shared the two cores; {@code cpuStealPercent} whether the host took them away during the run of the
 * result's area, and {@code cpuProbeMs} how fast the machine ran a fixed computation just before it
 * ({@link CpuProbe}); both null when unknown.
 */
public record RunInfo(Instant at, String command, String jdk, int cores, long memoryBytes, double loadAverageAtStart,
                      boolean smoke, Double cpuStealPercent, Double cpuProbeMs) {

    public static RunInfo current(String command, boolean smoke) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        long memory = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : -1;
        return new RunInfo(Instant.now(), command, Runtime.version().toString(), os.getAvailableProcessors(), memory,
                os.getSystemLoadAverage(), smoke, null, null);
    }

    /** This run's conditions for one area: the CPU probe before it, the steal while it ran. */
    public RunInfo forArea(double probeMs, Double stealPercent) {
        return new RunInfo(at, command, jdk, cores, memoryBytes, loadAverageAtStart, smoke, stealPercent, probeMs);
    }
}
