package dev.updraft.bench.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process spoken to in lines: commands on its stdin, one reply line per command on its stdout
 * (stderr goes to a log file). Used for the subscriber workers and the Python peers' result lines.
 */
public final class LineProcess extends ManagedProcess {

    private final PrintWriter stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private LineProcess(String name, Process process) {
        super(name, process);
        this.stdin = new PrintWriter(process.outputWriter(StandardCharsets.UTF_8), true);
        Thread reader = new Thread(this::pump, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    public static LineProcess start(String name, List<String> command, Map<String, String> env, Path workDir,
                                    Path stderrLog) throws IOException {
        Files.createDirectories(workDir);
        Files.createDirectories(stderrLog.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(stderrLog.toFile()));
        return new LineProcess(name, pb.start());
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended; expect() reports it
        }
    }

    public void send(String command) {
        stdin.println(command);
    }

    /** The next line starting with {@code prefix} (others are skipped), without the prefix. */
    public String expect(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = lines.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IllegalStateException(name + ": no '" + prefix + "' line within " + timeout
                        + (alive() ? "" : " (process exited with " + process.exitValue() + ")"));
            }
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
    }

    public String request(String command, String replyPrefix, Duration timeout) throws InterruptedException {
        send(command);
        return expect(replyPrefix, timeout);
    }
}
