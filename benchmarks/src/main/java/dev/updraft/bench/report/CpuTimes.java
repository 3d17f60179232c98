package dev.updraft.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine's CPU time counters from {@code /proc/stat}: how much of it went anywhere, and how much the
 * hypervisor took for other guests (steal). On a virtual machine a slower run can be a busier host, not
 * slower code; the steal share during a run tells the two apart.
 *
 * @param total all time of all CPUs (user, nice, system, idle, iowait, irq, softirq, steal), in clock ticks
 * @param steal time this machine's CPUs were ready to run but the host ran something else, in clock ticks
 */
public record CpuTimes(long total, long steal) {

    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** Now, or null where there is no {@code /proc/stat}. */
    public static CpuTimes read() {
        try {
            return parse(Files.readAllLines(PROC_STAT));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static CpuTimes parse(List<String> procStat) {
        String[] fields = procStat.getFirst().trim().split("\\s+");
        if (!fields[0].equals("cpu") || fields.length < 9) {
            throw new IllegalArgumentException("not the aggregate cpu line of /proc/stat: " + procStat.getFirst());
        }
        long total = 0;
        for (int i = 1; i <= 8; i++) {
            total += Long.parseLong(fields[i]);
        }
        return new CpuTimes(total, Long.parseLong(fields[8]));
    }

    /** Percent of the CPU time from {@code start} to {@code end} that was stolen; null when unknown. */
    public static Double stealPercent(CpuTimes start, CpuTimes end) {
        if (start == null || end == null || end.total <= start.total) {
            return null;
        }
        return 100.0 * (end.steal - start.steal) / (end.total - start.total);
    }
}
