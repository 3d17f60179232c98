package dev.updraft.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A process this benchmark started: a service, a peer or a generator worker. Every one is registered so
 * that a shutdown hook stops it by its PID even when a scenario fails half-way; nothing else is ever
 * signalled.
 */
public class ManagedProcess implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ManagedProcess.class.getName());
    private static final List<ManagedProcess> STARTED = new CopyOnWriteArrayList<>();
    /** Linux clock ticks per second for /proc/pid/stat; 100 on every kernel configuration in use. */
    private static final long CLOCK_TICKS = 100;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(ManagedProcess::stop),
                "stop-benchmark-processes"));
    }

    protected final String name;
    protected final Process process;

    protected ManagedProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        STARTED.add(this);
    }

    /** Starts {@code command}; stdout and stderr go to {@code log} unless {@code pipeStdio}. */
    public static ManagedProcess start(String name, List<String> command, Map<String, String> env, Path workDir,
                                       Path log) throws IOException {
        return new ManagedProcess(name, builder(command, env, workDir, log).start());
    }

    static ProcessBuilder builder(List<String> command, Map<String, String> env, Path workDir, Path log)
            throws IOException {
        Files.createDirectories(workDir);
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        LOG.fine(() -> "starting " + String.join(" ", command));
        return pb;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Resident set size from /proc, or -1 when the process is gone. */
    public long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** User plus system CPU time consumed so far, from /proc/pid/stat; -1 when the process is gone. */
    public long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
            // Fields after the parenthesised command name, which may itself contain spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 1000 / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Gives the process {@code grace} to exit by itself (after a QUIT command), then stops it. */
    public void awaitExitOrStop(java.time.Duration grace) {
        try {
            process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop();
    }

    /** SIGTERM, then SIGKILL after 15 s; idempotent. */
    public void stop() {
        if (!process.isAlive()) {
            STARTED.remove(this);
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                LOG.warning(name + " (pid " + pid() + ") ignored SIGTERM; killing it");
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        STARTED.remove(this);
    }

    @Override
    public void close() {
        stop();
    }
}
