package dev.updraft.scheduler.job;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.updraft.model.scheduler.JobRun;
import dev.updraft.model.scheduler.RunStatus;
import dev.updraft.scheduler.support.FakeServices;
import dev.updraft.scheduler.support.FakeServicesResource;
import dev.updraft.scheduler.support.InjectFakes;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The run history in the store is bounded per job: the API lists the newest {@code history.size} runs, newest
 * first, and the writer trims the table to that size once half a history more has been written, so a job never
 * holds more than {@code size + size / 2 - 1} rows. DELETE removes the rows.
 */
@QuarkusTest
@TestProfile(HistoryBoundTest.SmallHistory.class)
@WithTestResource(FakeServicesResource.class)
class HistoryBoundTest {

    private static final int SIZE = 4;

    public static class SmallHistory implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("updraft.scheduler.history.size", Integer.toString(SIZE));
        }
    }

    @InjectFakes
    FakeServices fakes;

    @Inject
    @DataSource("embedded")
    AgroalDataSource db;

    @Inject
    RunHistory history;

    @Test
    void keepsTheNewestRunsOfEachJobAndTrimsTheRest() throws Exception {
        given().contentType(ContentType.JSON).body("""
                {"id":"bounded","schedule":{"every":"1h"},
                 "action":{"type":"http","method":"GET","url":"%s/hook?key=bounded"}}""".formatted(fakes.upstreamUrl()))
                .when().post("/api/jobs").then().statusCode(201);
        List<Instant> triggered = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            JobRun started = given().when().post("/api/jobs/bounded/trigger").then().statusCode(202)
                    .extract().as(JobRun.class);
            triggered.add(started.scheduledAt());
            await().atMost(5, TimeUnit.SECONDS).until(() -> runs().get(0).status() == RunStatus.SUCCEEDED);
        }

        List<Instant> newest = triggered.stream().sorted(Comparator.reverseOrder()).limit(SIZE).toList();
        assertThat(runs()).extracting(JobRun::scheduledAt).as("the newest %d runs, newest first", SIZE)
                .containsExactlyElementsOf(newest);
        // all 12 written, the older ones trimmed
        history.flush(Duration.ofSeconds(5));
        assertThat(storedRows("bounded")).isBetween(SIZE, SIZE + SIZE / 2 - 1);

        given().when().delete("/api/jobs/bounded").then().statusCode(204);
        assertThat(storedRows("bounded")).as("DELETE removes the history").isZero();
    }

    @Test
    void theJobListingShowsEachJobsNewestRunFromTheStoreAndFromTheQueue() throws Exception {
        for (String job : List.of("listed-a", "listed-b")) {
            given().contentType(ContentType.JSON).body("""
                    {"id":"%s","schedule":{"every":"1h"},
                     "action":{"type":"http","method":"GET","url":"%s/hook?key=%s"}}""".formatted(job, fakes.upstreamUrl(), job))
                    .when().post("/api/jobs").then().statusCode(201);
        }
        Map<String, Instant> newest = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            for (String job : List.of("listed-a", "listed-b")) {
                JobRun started = given().when().post("/api/jobs/" + job + "/trigger").then().statusCode(202)
                        .extract().as(JobRun.class);
                newest.put(job, started.scheduledAt());
                await().atMost(5, TimeUnit.SECONDS).until(() -> given().when().get("/api/jobs/" + job + "/runs?limit=1")
                        .then().extract().as(JobRun[].class)[0].status() == RunStatus.SUCCEEDED);
            }
        }
        // both paths: right after the runs (possibly still queued) and once the writer stored them
        assertListedNewest(newest);
        history.flush(Duration.ofSeconds(5));
        assertThat(storedRows("listed-a")).isEqualTo(3);
        assertThat(storedRows("listed-b")).isEqualTo(3);
        assertListedNewest(newest);

        for (String job : List.of("listed-a", "listed-b")) {
            given().when().delete("/api/jobs/" + job).then().statusCode(204);
        }
    }

    private static void assertListedNewest(Map<String, Instant> newest) {
        List<Map<String, Object>> jobs = given().when().get("/api/jobs").then().statusCode(200).extract().jsonPath()
                .getList("");
        assertThat(jobs).extracting(job -> (String) job.get("id")).containsAll(newest.keySet());
        for (Map<String, Object> job : jobs) {
            Instant expected = newest.get((String) job.get("id"));
            if (expected != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> lastRun = (Map<String, Object>) job.get("lastRun");
                assertThat(Instant.parse((String) lastRun.get("scheduledAt"))).as("newest run of %s", job.get("id"))
                        .isEqualTo(expected);
            }
        }
    }

    private int storedRows(String job) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM UPDRAFT_JOB_RUN WHERE JOB_ID = ?")) {
            count.setString(1, job);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static List<JobRun> runs() {
        return Arrays.asList(given().when().get("/api/jobs/bounded/runs?limit=100")
                .then().statusCode(200).extract().as(JobRun[].class));
    }
}
