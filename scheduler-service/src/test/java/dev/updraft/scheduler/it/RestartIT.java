package dev.updraft.scheduler.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.updraft.model.scheduler.JobRun;
import dev.updraft.model.scheduler.RunStatus;
import dev.updraft.scheduler.support.FakeServices;
import dev.updraft.scheduler.support.PackagedApp;
import dev.updraft.model.ModelJson;
import io.restassured.RestAssured;
import io.restassured.config.ObjectMapperConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service restarted for real on the same embedded store: API changes and run histories survive
 * (a deleted job's history does not), a job that missed firings while the service was down runs once
 * ({@code fire-once-now}) or not at all ({@code skip}), and a SIGTERM lets running jobs finish within the grace
 * period and cancels the rest.
 */
class RestartIT {

    private static final FakeServices FAKES = new FakeServices();

    @TempDir
    Path dir;

    @BeforeAll
    static void startFakes() {
        FAKES.start();
        // read instants in run lists as the service writes them
        RestAssured.config = RestAssuredConfig.config().objectMapperConfig(ObjectMapperConfig.objectMapperConfig()
                .jackson2ObjectMapperFactory((type, charset) -> ModelJson.newMapper()));
    }

    @AfterAll
    static void stopFakes() {
        FAKES.stop();
    }

    private Map<String, String> properties(String misfire) {
        Map<String, String> p = new HashMap<>();
        p.put("updraft.scheduler.data-dir", dir.toString());
        p.put("updraft.scheduler.platform-status.enabled", "false");
        p.put("updraft.scheduler.misfire", misfire);
        p.put("updraft.scheduler.shutdown-grace", "2s");
        p.put("quarkus.rest-client.aggregator.url", FAKES.aggregatorUrl());
        p.put("quarkus.rest-client.live-updates.url", FAKES.liveUpdatesUrl());
        return p;
    }

    @Test
    void survivesRestartsAndAppliesTheMisfirePolicy() throws Exception {
        String keepNextFire;
        List<JobRun> tickRunsBefore;
        try (PackagedApp app = PackagedApp.start(properties("fire-once-now"))) {
            create(app, "keep", "{\"every\":\"1h\",\"jitter\":\"10%\"}", "/hook?key=keep");
            create(app, "paused", "{\"every\":\"1h\"}", "/hook?key=paused");
            given().post(app.url() + "/api/jobs/paused/pause").then().statusCode(200);
            create(app, "changed", "{\"every\":\"1h\"}", "/hook?key=changed");
            given().post(app.url() + "/api/jobs/changed/trigger").then().statusCode(202);
            await().atMost(10, TimeUnit.SECONDS).until(() -> finished(runs(app, "changed")) == 1);
            given().contentType(ContentType.JSON).body(job("changed", "{\"cron\":\"0 0 3 * * ?\",\"zone\":\"Europe/Paris\"}",
                    "/hook?key=changed")).put(app.url() + "/api/jobs/changed").then().statusCode(200);
            create(app, "gone", "{\"every\":\"1h\"}", "/hook?key=gone");
            given().post(app.url() + "/api/jobs/gone/trigger").then().statusCode(202);
            await().atMost(10, TimeUnit.SECONDS).until(() -> finished(runs(app, "gone")) == 1);
            given().delete(app.url() + "/api/jobs/gone").then().statusCode(204);
            create(app, "tick", "{\"every\":\"300ms\"}", "/hook?key=tick");
            keepNextFire = given().get(app.url() + "/api/jobs/keep").then().extract().path("nextFireAt");
            await().atMost(10, TimeUnit.SECONDS).until(() -> finished(runs(app, "tick")) >= 2);
            tickRunsBefore = runs(app, "tick").stream().filter(r -> r.status() != RunStatus.RUNNING).toList();
            app.stop();
        }

        // Down for the time a JVM takes to start (well over the 1s misfire threshold): several firings missed.
        try (PackagedApp app = PackagedApp.start(properties("fire-once-now"))) {
            given().get(app.url() + "/api/jobs").then().statusCode(200)
                    .body("id", contains("changed", "keep", "paused", "tick"));
            given().get(app.url() + "/api/jobs/paused").then().body("state", equalTo("paused"));
            given().get(app.url() + "/api/jobs/changed").then()
                    .body("schedule.cron", equalTo("0 0 3 * * ?"))
                    .body("schedule.zone", equalTo("Europe/Paris"));
            given().get(app.url() + "/api/jobs/keep").then()
                    .body("nextFireAt", equalTo(keepNextFire));
            assertThat(runs(app, "changed")).as("history kept across PUT and restart")
                    .singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
            assertThat(runs(app, "tick")).as("every run recorded before the restart is still listed")
                    .containsAll(tickRunsBefore);
            create(app, "gone", "{\"every\":\"1h\"}", "/hook?key=gone");
            assertThat(runs(app, "gone")).as("DELETE removed the history, a new job of that id starts empty")
                    .isEmpty();

            await().atMost(10, TimeUnit.SECONDS).until(() -> runs(app, "tick").size() >= 3);
            // a firing more than the misfire threshold (1s) late was missed; the service never runs that late otherwise
            List<JobRun> catchUps = runs(app, "tick").stream()
                    .filter(r -> r.latenessMs() != null && r.latenessMs() > 1000)
                    .toList();
            assertThat(catchUps).as("one catch-up run for all the firings missed while down").hasSize(1);
            assertThat(catchUps.get(0).status()).isEqualTo(RunStatus.SUCCEEDED);
            app.stop();
        }

        Instant skipPhase = Instant.now();
        try (PackagedApp app = PackagedApp.start(properties("skip"))) {
            await().atMost(10, TimeUnit.SECONDS).until(() -> runs(app, "tick").stream()
                    .filter(r -> r.startedAt() != null && r.startedAt().isAfter(skipPhase))
                    .filter(r -> r.status() == RunStatus.SUCCEEDED).count() >= 2);
            // runs of this start only: the history also holds the catch-up run of the previous one
            List<JobRun> runs = runs(app, "tick").stream()
                    .filter(r -> r.startedAt() == null || r.startedAt().isAfter(skipPhase))
                    .toList();
            assertThat(runs).as("no run for the firings missed while down")
                    .noneMatch(r -> r.latenessMs() != null && r.latenessMs() > 1000);
            assertThat(runs).as("the miss is recorded")
                    .anyMatch(r -> r.status() == RunStatus.SKIPPED && r.error().contains("misfire policy: skip"));
            app.stop();
        }
    }

    @Test
    void shutdownLetsRunningJobsFinishWithinTheGraceAndCancelsTheRest() throws Exception {
        try (PackagedApp app = PackagedApp.start(properties("skip"))) {
            create(app, "short", "{\"every\":\"1h\"}", "/slow?ms=1000&key=short");
            create(app, "stuck", "{\"every\":\"1h\"}", "/slow?ms=60000&key=stuck");
            given().post(app.url() + "/api/jobs/short/trigger").then().statusCode(202);
            given().post(app.url() + "/api/jobs/stuck/trigger").then().statusCode(202);

            Duration stopping = app.stop();

            assertThat(stopping).as("waited for the short run, not for the stuck one")
                    .isGreaterThan(Duration.ofMillis(700)).isLessThan(Duration.ofSeconds(15));
            assertThat(FAKES.cancelled("short")).as("the short run was allowed to finish").isZero();
            assertThat(FAKES.cancelled("stuck")).as("the stuck run's HTTP call was aborted").isEqualTo(1);
            List<JsonNode> published = FAKES.published("scheduler.runs");
            assertThat(published).anyMatch(r -> r.path("job").asText().equals("short")
                    && r.path("status").asText().equals("succeeded"));
            assertThat(published).anyMatch(r -> r.path("job").asText().equals("stuck")
                    && r.path("status").asText().equals("failed")
                    && r.path("error").asText().contains("shut down"));
        }
    }

    private static void create(PackagedApp app, String id, String schedule, String path) {
        given().contentType(ContentType.JSON).body(job(id, schedule, path))
                .post(app.url() + "/api/jobs").then().statusCode(201);
    }

    private static String job(String id, String schedule, String path) {
        return """
                {"id":"%s","schedule":%s,"action":{"type":"http","method":"GET","url":"%s%s"},"timeout":"2m"}"""
                .formatted(id, schedule, FAKES.upstreamUrl(), path);
    }

    private static long finished(List<JobRun> runs) {
        return runs.stream().filter(r -> r.finishedAt() != null).count();
    }

    private static List<JobRun> runs(PackagedApp app, String id) {
        return Arrays.asList(given().get(app.url() + "/api/jobs/" + id + "/runs?limit=100")
                .then().statusCode(200).extract().as(JobRun[].class));
    }
}
