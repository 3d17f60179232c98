package dev.updraft.live.it;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged live-updates service ({@code quarkus-run.jar}) as a separate process on a random port: one
 * replica. Dev profile (open, no token needed) unless another is named, the engine and Redis settings from
 * {@code properties}.
 */
final class PackagedLive implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening on: https?://[^:]+:(\\d+)");

    private final Process process;
    private final Path log;
    private final int port;

    private PackagedLive(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static PackagedLive start(String name, Map<String, String> properties) throws Exception {
        return start(name, properties, "dev");
    }

    static PackagedLive start(String name, Map<String, String> properties, String profile) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Dquarkus.http.port=0");
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString());
        // kept in target/ so that a failing test leaves the replica's own account of what happened
        Path log = Files.createTempFile(Files.createDirectories(Path.of("target/it-logs")), name + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("QUARKUS_PROFILE", profile);
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                return new PackagedLive(process, log, Integer.parseInt(m.group(1)));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not start within 60s:\n" + Files.readString(log));
    }

    URI http() {
        return URI.create("http://localhost:" + port);
    }

    URI ws() {
        return URI.create("ws://localhost:" + port + "/ws");
    }

    String output() throws Exception {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
