package dev.updraft.scheduler.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sibling service's packaged jar run as a separate process on a free port, the way operators run it.
 * Its output goes to {@code target/e2e-<module>.log}; the port is read from Quarkus' "Listening on" line.
 */
final class PackagedService implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening on: https?://[^\\s:/]+:(\\d+)");

    private final Process process;
    private final int port;

    private PackagedService(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static PackagedService start(String module, Map<String, String> properties) {
        Path jar = Path.of("..", module, "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(module + " is not packaged (" + jar + "): run ./mvnw verify from the "
                    + "repository root, or ./mvnw install -DskipTests -pl " + module + " -am first");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Dquarkus.http.port=0");
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The embedded, loopback-friendly defaults that ./updraft up uses.
        builder.environment().put("QUARKUS_PROFILE", "dev");
        Path log = Path.of("target", "e2e-" + module + ".log").toAbsolutePath();
        try {
            Process process = builder.start();
            CompletableFuture<Integer> port = pumpOutput(process, log);
            try {
                return new PackagedService(process, port.get(90, TimeUnit.SECONDS));
            } catch (Exception e) {
                process.destroyForcibly();
                throw new IllegalStateException(module + " did not start listening; see " + log, e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + module, e);
        }
    }

    private static CompletableFuture<Integer> pumpOutput(Process process, Path log) throws IOException {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        Thread pump = new Thread(() -> {
            try (out; BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.write(line);
                    out.write('\n');
                    out.flush();
                    Matcher m = LISTENING.matcher(line);
                    if (!port.isDone() && m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException("process ended before it listened"));
        }, "e2e-log-" + log.getFileName());
        pump.setDaemon(true);
        pump.start();
        return port;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
