package dev.updraft.scheduler.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.updraft.scheduler.support.FakeServicesResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FakeServicesResource.class)
class ObservabilityTest {

    @Test
    void exposesRunAndJobMetrics() {
        // the built-in job runs every 500 ms in tests
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("updraft_scheduler_runs_total{status=\"succeeded\"}"))
                .body(containsString("updraft_scheduler_runs_total{status=\"timed_out\"}"))
                .body(containsString("updraft_scheduler_run_lateness_seconds_bucket"))
                .body(containsString("updraft_scheduler_run_duration_seconds_count"))
                .body(containsString("updraft_scheduler_jobs{state=\"scheduled\"}"))
                .body(containsString("updraft_scheduler_jobs{state=\"paused\"}")));
    }

    @Test
    void healthOpenApiAndProblemJsonForUnknownPaths() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/jobs'", notNullValue())
                .body("paths.'/api/jobs/{id}/runs'", notNullValue());
        given().when().get("/api/nothing-here").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        given().when().delete("/api/jobs").then().statusCode(405)
                .contentType("application/problem+json").body("status", equalTo(405));
    }
}
