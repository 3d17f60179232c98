package dev.updraft.scheduler.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged scheduler (the native executable under {@code -Pnative}, else {@code quarkus-run.jar}) started as a
 * separate process on a random port, stopped with SIGTERM like an orchestrator would.
 */
public final class PackagedApp implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening on: https?://[^:]+:(\\d+)");

    private final Process process;
    private final Path log;
    private final int port;

    private PackagedApp(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    public static PackagedApp start(Map<String, String> properties) throws Exception {
        return start(properties, Map.of());
    }

    public static PackagedApp start(Map<String, String> properties, Map<String, String> environment) throws Exception {
        List<String> command = new ArrayList<>();
        Path nativeImage = Path.of(System.getProperty("native.image.path", "target/none"));
        if (Files.isExecutable(nativeImage)) {
            command.add(nativeImage.toAbsolutePath().toString());
        } else {
            command.add(ProcessHandle.current().info().command().orElse("java"));
        }
        command.add("-Dquarkus.http.port=0");
        // the prod profile requires tokens; the ITs of the job store call the API without them unless they
        // pass updraft.auth.* themselves (AuthStartupIT); a later -D of the same key wins
        command.add("-Dupdraft.auth.enabled=false");
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        if (!Files.isExecutable(nativeImage)) {
            command.add("-jar");
            command.add(Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString());
        }
        // kept in target/ so that a failing test leaves the service's own account of what happened
        Path logs = Files.createDirectories(Path.of("target/it-logs"));
        Path log = Files.createTempFile(logs, "scheduler-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                return new PackagedApp(process, log, Integer.parseInt(m.group(1)));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("scheduler exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("scheduler did not start within 60s:\n" + Files.readString(log));
    }

    public String url() {
        return "http://localhost:" + port;
    }

    /** SIGTERM, then waits for the graceful shutdown; returns how long it took. */
    public Duration stop() throws Exception {
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("scheduler did not stop within 60s:\n" + output());
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
