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
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;

/**
 * Quartz fires {@code every} triggers ahead of their grid points (750 ms by default) and the runs start on the grid
 * points themselves: a store that stalls for less than the fire-ahead (here Quartz on standby for 500 ms, four
 * periods) delays no run, and each run is due exactly on the job's grid.
 */
@QuarkusTest
@WithTestResource(FakeServicesResource.class)
class FireAheadTest {

    @InjectFakes
    FakeServices fakes;

    @Inject
    Scheduler quartz;

    @Test
    void runsStartOnTheGridWhileTheStoreStallsForLessThanTheFireAhead() throws Exception {
        given().contentType(ContentType.JSON).body("""
                {"id":"ahead","schedule":{"every":"125ms"},
                 "action":{"type":"http","method":"GET","url":"%s/hook?key=ahead"}}""".formatted(fakes.upstreamUrl()))
                .when().post("/api/jobs").then().statusCode(201);
        await().atMost(5, TimeUnit.SECONDS).until(() -> !fakes.hooks("ahead").isEmpty());

        Instant pausedAt = Instant.now();
        quartz.standby();
        Thread.sleep(500);
        quartz.start();
        Instant resumedAt = Instant.now();
        await().atMost(5, TimeUnit.SECONDS).until(() -> runs().stream()
                .anyMatch(r -> r.finishedAt() != null && r.scheduledAt().isAfter(resumedAt)));
        given().when().post("/api/jobs/ahead/pause").then().statusCode(200);

        List<JobRun> duringStall = runs().stream()
                .filter(r -> r.scheduledAt().isAfter(pausedAt) && r.scheduledAt().isBefore(resumedAt))
                .toList();
        assertThat(duringStall).as("one run per grid point of the stall").hasSizeGreaterThanOrEqualTo(3);
        assertThat(duringStall).as("none skipped, none late by the stall: %s", duringStall).allSatisfy(run -> {
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(run.latenessMs()).isLessThan(250L);
            assertThat(run.scheduledAt().toEpochMilli() % 125).isZero();
        });
        given().when().delete("/api/jobs/ahead").then().statusCode(204);
    }

    private static List<JobRun> runs() {
        return Arrays.asList(given().when().get("/api/jobs/ahead/runs?limit=100")
                .then().statusCode(200).extract().as(JobRun[].class));
    }
}
