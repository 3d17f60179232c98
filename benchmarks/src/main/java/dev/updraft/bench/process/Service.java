package dev.updraft.bench.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.updraft.bench.BenchContext;

/**
 * A packaged service (or a peer) under test, started on loopback and stopped by PID.
 *
 * <p>Services run with {@code QUARKUS_PROFILE=dev}: embedded engines, no auth, loopback allowed by the
 * aggregator's SSRF policy. Each gets its own working directory under the run's scratch space so that
 * anything it persists (the scheduler's API-created jobs) never leaks into the next run.
 */
public final class Service {

    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern G1_USED = Pattern.compile("used (\\d+)K");

    private Service() {
    }

    /** Starts {@code module}'s runner jar with {@code systemProperties} and waits for {@code readyPath}. */
    public static ManagedProcess startJar(BenchContext ctx, String module, int port, Map<String, String> systemProperties,
                                          String readyPath) throws IOException, InterruptedException {
        return startJar(ctx, module, module, port, systemProperties, readyPath);
    }

    /** As above, under {@code name} (its log and working directory), for several replicas of one module. */
    public static ManagedProcess startJar(BenchContext ctx, String module, String name, int port,
                                          Map<String, String> systemProperties, String readyPath)
            throws IOException, InterruptedException {
        Path jar = ctx.repo().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw install -DskipTests -pl "
                    + module + " -am");
        }
        List<String> cmd = new ArrayList<>(List.of(ctx.java().toString()));
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        cmd.add("-Dquarkus.http.port=" + port);
        systemProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar.toString()));
        ManagedProcess p = ManagedProcess.start(name, cmd, Map.of("QUARKUS_PROFILE", "dev"),
                ctx.work().resolve(name), ctx.log(name));
        awaitHttp(p, "http://127.0.0.1:" + port + readyPath, Duration.ofSeconds(120), ctx.log(name));
        return p;
    }

    /** Polls {@code url} until it answers 2xx; fails early when the process dies. */
    public static void awaitHttp(ManagedProcess p, String url, Duration timeout, Path log)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
        int lastStatus = -1;
        while (System.nanoTime() < deadline) {
            if (!p.alive()) {
                throw new IllegalStateException(p.name() + " exited during start-up; see " + log + ":\n" + tail(log));
            }
            try {
                lastStatus = PROBE.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (lastStatus / 100 == 2) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        p.stop();
        throw new IllegalStateException(p.name() + " was not ready at " + url + " within " + timeout
                + " (last status " + lastStatus + "); see " + log + ":\n" + tail(log));
    }

    /** Fails fast when something already listens on {@code port}: it would be measured instead. */
    public static void requireFreePort(int port) {
        try (var s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
        } catch (IOException e) {
            return;
        }
        throw new IllegalStateException("port " + port + " on 127.0.0.1 is already in use; stop whatever holds it");
    }

    /**
     * Live heap after a full GC, via jcmd, in bytes; -1 when jcmd is unavailable. Used for heap per
     * connection: the difference between two such readings divided by the connections opened.
     */
    public static long heapUsedAfterGc(BenchContext ctx, ManagedProcess p) {
        Path jcmd = ctx.javaHome().resolve("bin/jcmd");
        try {
            run(jcmd.toString(), Long.toString(p.pid()), "GC.run");
            String info = run(jcmd.toString(), Long.toString(p.pid()), "GC.heap_info");
            Matcher m = G1_USED.matcher(info);
            return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes());
        proc.waitFor();
        return out;
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
