package dev.updraft.scheduler.job;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.updraft.model.scheduler.JobRun;
import dev.updraft.model.scheduler.RunStatus;
import dev.updraft.scheduler.support.FakeServices;
import dev.updraft.scheduler.support.FakeServicesResource;
import dev.updraft.scheduler.support.InjectFakes;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;

/**
 * The engine paused for several periods, but less than the misfire threshold (1 s): Quartz would fire the backlog
 * back to back; instead the stale firings are recorded as skipped and the job runs at most once for them.
 * (Pauses beyond the threshold go through the misfire policy: see RestartIT.) Without fire-ahead, which would
 * otherwise absorb a pause this short (see {@link FireAheadTest}).
 */
@QuarkusTest
@TestProfile(LateFiringTest.NoFireAhead.class)
@WithTestResource(FakeServicesResource.class)
class LateFiringTest {

    public static class NoFireAhead implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("updraft.scheduler.fire-ahead", "0s");
        }
    }


    @InjectFakes
    FakeServices fakes;

    @Inject
    Scheduler quartz;

    @Test
    void aBacklogOfLateFiringsCollapsesIntoOneRun() throws Exception {
        given().contentType(ContentType.JSON).body("""
                {"id":"backlog","schedule":{"every":"200ms"},
                 "action":{"type":"http","method":"GET","url":"%s/hook?key=backlog"}}""".formatted(fakes.upstreamUrl()))
                .when().post("/api/jobs").then().statusCode(201);
        await().atMost(5, TimeUnit.SECONDS).until(() -> !fakes.hooks("backlog").isEmpty());

        Instant pausedAt = Instant.now();
        quartz.standby();
        Thread.sleep(750);
        quartz.start();
        Instant resumedAt = Instant.now();
        await().atMost(5, TimeUnit.SECONDS).until(() -> runs().stream().anyMatch(r -> r.scheduledAt().isAfter(resumedAt)));
        given().when().post("/api/jobs/backlog/pause").then().statusCode(200);

        // a firing Quartz had already acquired when it went on standby still fires on time: look past it
        Instant backlogFrom = pausedAt.plusMillis(200);
        List<JobRun> after = runs().stream().filter(r -> r.scheduledAt().isAfter(backlogFrom)).toList().reversed();
        List<JobRun> backlog = after.stream().filter(r -> r.scheduledAt().isBefore(resumedAt)).toList();
        assertThat(backlog).as("firings due during the pause: %s", after).hasSizeGreaterThanOrEqualTo(2);
        assertThat(backlog.stream().filter(r -> r.status() == RunStatus.SKIPPED && r.error().contains("already due")))
                .as("stale firings recorded as skipped: %s", after).isNotEmpty();
        assertThat(backlog.stream().filter(r -> r.status() == RunStatus.SUCCEEDED))
                .as("at most one run for the whole backlog: %s", after).hasSizeLessThanOrEqualTo(1);
        assertThat(after.stream().filter(r -> r.status() == RunStatus.SUCCEEDED))
                .as("the job runs again after the pause: %s", after).isNotEmpty();
        given().when().delete("/api/jobs/backlog").then().statusCode(204);
    }

    private static List<JobRun> runs() {
        return Arrays.asList(given().when().get("/api/jobs/backlog/runs?limit=100")
                .then().statusCode(200).extract().as(JobRun[].class));
    }
}
