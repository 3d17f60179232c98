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
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Jobs with the same period and jitter fire at different, stable phases, at intervals within the jitter bound. */
@QuarkusTest
@WithTestResource(FakeServicesResource.class)
class JitterTest {

    private static final Duration PERIOD = Duration.ofMillis(400);
    private static final Duration JITTER = Duration.ofMillis(200);

    @InjectFakes
    FakeServices fakes;

    @Test
    void samePeriodDifferentIdsFireAtTheirOwnPhase() {
        List<String> ids = List.of("jitter-a", "jitter-b");
        for (String id : ids) {
            given().contentType(ContentType.JSON).body("""
                    {"id":"%s","schedule":{"every":"400ms","jitter":"200ms"},
                     "action":{"type":"http","method":"GET","url":"%s/hook?key=%s"}}""".formatted(id, fakes.upstreamUrl(), id))
                    .when().post("/api/jobs").then().statusCode(201);
        }
        try {
            await().atMost(10, TimeUnit.SECONDS).until(() -> ids.stream().allMatch(id -> succeeded(id).size() >= 5));
        } finally {
            ids.forEach(id -> given().when().post("/api/jobs/" + id + "/pause").then().statusCode(200));
        }

        long phaseA = Triggers.phaseOffset("jitter-a", JITTER).toMillis();
        long phaseB = Triggers.phaseOffset("jitter-b", JITTER).toMillis();
        assertThat(phaseA).as("different ids, different phases").isNotEqualTo(phaseB);
        for (String id : ids) {
            long phase = Triggers.phaseOffset(id, JITTER).toMillis();
            List<JobRun> runs = succeeded(id).reversed();
            for (JobRun run : runs) {
                assertThat(run.scheduledAt().toEpochMilli() % PERIOD.toMillis()).as(id).isEqualTo(phase);
            }
            for (int i = 1; i < runs.size(); i++) {
                Duration interval = Duration.between(runs.get(i - 1).startedAt(), runs.get(i).startedAt());
                assertThat(interval).as("%s interval %d", id, i)
                        .isBetween(PERIOD.minus(JITTER), PERIOD.plus(JITTER));
            }
        }
        ids.forEach(id -> given().when().delete("/api/jobs/" + id).then().statusCode(204));
    }

    private static List<JobRun> succeeded(String id) {
        return Arrays.stream(given().when().get("/api/jobs/" + id + "/runs?limit=100")
                        .then().statusCode(200).extract().as(JobRun[].class))
                .filter(r -> r.status() == RunStatus.SUCCEEDED)
                .toList();
    }
}
