package dev.updraft.aggregator.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged service ({@code quarkus-run.jar}) in its prod profile, the packaged default: closed, and
 * refusing to start without a usable key.
 */
class AuthStartupIT {

    private static final Pattern LISTENING = Pattern.compile("Listening on: https?://[^:]+:(\\d+)");

    @Test
    void refusesToStartWithAuthOnAndNoKeyNamingTheKeysToSet() throws Exception {
        Run run = start(Map.of());
        try {
            assertThat(run.exitCode()).isNotZero();
            assertThat(run.output()).contains("set updraft.auth.jwt-secret").contains("updraft.auth.jwt-public-key-location");
        } finally {
            run.stop();
        }
    }

    @Test
    void refusesASecretShorterThan32Bytes() throws Exception {
        Run run = start(Map.of("updraft.auth.jwt-secret", "too-short"));
        try {
            assertThat(run.exitCode()).isNotZero();
            assertThat(run.output()).contains("updraft.auth.jwt-secret has 9 bytes; HS256 needs at least 32");
        } finally {
            run.stop();
        }
    }

    @Test
    void startsClosedWithASecretAndWarnsWhenAuthIsDisabled() throws Exception {
        Run closed = start(Map.of("updraft.auth.jwt-secret", "packaged-secret-of-at-least-32-bytes!"));
        try {
            given().when().get(closed.url() + "/api/aggregations/platform").then().statusCode(401);
            given().when().get(closed.url() + "/q/health/live").then().statusCode(200);
        } finally {
            closed.stop();
        }
        Run open = start(Map.of("updraft.auth.enabled", "false"));
        try {
            assertThat(open.output()).containsPattern("WARN .*authentication is disabled \\(updraft.auth.enabled=false\\)");
            assertThat(open.port()).as("the service started").isPositive();
            // the API answers without a token: 404 for an aggregation nobody declared, not 401
            given().when().get(open.url() + "/api/aggregations/nope").then().statusCode(404);
        } finally {
            open.stop();
        }
    }

    /** A started or exited process and its log. */
    private record Run(Process process, Path log, int port) {

        int exitCode() throws InterruptedException {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the service exits").isTrue();
            return process.exitValue();
        }

        String output() throws Exception {
            return Files.readString(log);
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        String url() {
            return "http://localhost:" + port;
        }
    }

    /** Starts the jar in the prod profile; returns once it listens or has exited (port 0 then). */
    private static Run start(Map<String, String> properties) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Dquarkus.http.port=0");
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString());
        Path log = Files.createTempFile(Files.createDirectories(Path.of("target/it-logs")), "aggregator-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("QUARKUS_PROFILE");
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher listening = LISTENING.matcher(Files.readString(log));
            if (listening.find()) {
                return new Run(process, log, Integer.parseInt(listening.group(1)));
            }
            if (!process.isAlive()) {
                return new Run(process, log, 0);
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new AssertionError("the service neither started nor exited within 60 s:\n" + Files.readString(log));
    }
}
