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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A job whose action takes 2.5 periods never runs twice at once; the firings in between are skipped. */
@QuarkusTest
@WithTestResource(FakeServicesResource.class)
class OverlapTest {

    @InjectFakes
    FakeServices fakes;

    @Test
    void aFiringDuringARunIsSkipped() {
        given().contentType(ContentType.JSON).body("""
                {"id":"overlap","schedule":{"every":"200ms"},
                 "action":{"type":"http","method":"GET","url":"%s/slow?ms=500&key=overlap"},"timeout":"5s"}"""
                        .formatted(fakes.upstreamUrl()))
                .when().post("/api/jobs")
                .then().statusCode(201);
        List<JobRun> runs;
        try {
            await().atMost(10, TimeUnit.SECONDS).until(() -> count(runs(), RunStatus.SUCCEEDED) >= 3);
            given().when().post("/api/jobs/overlap/pause").then().statusCode(200);
            runs = runs();
        } finally {
            given().when().delete("/api/jobs/overlap").then().statusCode(204);
        }
        assertThat(fakes.maxInFlight("overlap")).as("calls in flight at once").isEqualTo(1);
        assertThat(count(runs, RunStatus.SKIPPED)).as("skipped firings").isGreaterThanOrEqualTo(2);

        List<JobRun> done = runs.stream().filter(r -> r.status() == RunStatus.SUCCEEDED).toList().reversed();
        for (int i = 1; i < done.size(); i++) {
            assertThat(done.get(i).startedAt()).as("run %d starts after run %d finished", i, i - 1)
                    .isAfterOrEqualTo(done.get(i - 1).finishedAt());
            JobRun previous = done.get(i - 1);
            JobRun next = done.get(i);
            assertThat(runs).as("a skipped firing between two runs")
                    .anyMatch(r -> r.status() == RunStatus.SKIPPED
                            && r.scheduledAt().isAfter(previous.scheduledAt())
                            && r.scheduledAt().isBefore(next.scheduledAt()));
        }
    }

    private static List<JobRun> runs() {
        return Arrays.asList(given().when().get("/api/jobs/overlap/runs?limit=100")
                .then().statusCode(200).extract().as(JobRun[].class));
    }

    private static long count(List<JobRun> runs, RunStatus status) {
        return runs.stream().filter(r -> r.status() == status).count();
    }
}
