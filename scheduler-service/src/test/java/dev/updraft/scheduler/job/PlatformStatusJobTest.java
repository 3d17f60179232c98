package dev.updraft.scheduler.job;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.updraft.scheduler.support.FakeServices;
import dev.updraft.scheduler.support.FakeServicesResource;
import dev.updraft.scheduler.support.InjectFakes;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The built-in job reaches the (fake) aggregator and publishes the aggregate to live-updates. */
@QuarkusTest
@WithTestResource(FakeServicesResource.class) // test classes with the same resources share one application
class PlatformStatusJobTest {

    @InjectFakes
    FakeServices fakes;

    @Test
    void publishesTheHealthOfTheThreeServices() throws Exception {
        JsonNode event = fakes.events("platform.status").poll(10, TimeUnit.SECONDS);
        assertThat(event).as("an event on platform.status").isNotNull();
        assertThat(event.get("job").asText()).isEqualTo("platform-status");
        List<String> ids = new ArrayList<>();
        event.get("results").forEach(item -> ids.add(item.get("id").asText()));
        assertThat(ids).containsExactly("live-updates", "fetch-aggregator", "scheduler");
        for (JsonNode item : event.get("results")) {
            assertThat(item.path("status").asInt()).as(item.toString()).isEqualTo(200);
            assertThat(item.at("/body/status").asText()).as(item.toString()).isEqualTo("UP");
        }
        assertThat(event.at("/results/0/url").asText()).isEqualTo(fakes.liveUpdatesUrl() + "/q/health");
        assertThat(event.at("/results/1/url").asText()).isEqualTo(fakes.aggregatorUrl() + "/q/health");
    }

    @Test
    void publishesEachRunToTheRunsTopic() throws Exception {
        JsonNode run;
        do {
            run = fakes.events("scheduler.runs").poll(10, TimeUnit.SECONDS);
            assertThat(run).as("a run on scheduler.runs").isNotNull();
        } while (!run.path("job").asText().equals("platform-status") || !run.path("status").asText().equals("succeeded"));
        assertThat(run.get("scheduledAt").asText()).isNotBlank();
        assertThat(run.get("latenessMs").asLong()).isNotNegative();
    }

    @Test
    void marksOnlyTheFirstOfIdenticalAggregatesAsChanged() {
        await().atMost(10, TimeUnit.SECONDS).until(() -> fakes.published("platform.status").size() >= 2);
        List<JsonNode> events = fakes.published("platform.status");
        assertThat(events.get(0).get("changed").asBoolean()).as("first run").isTrue();
        assertThat(events.get(1).get("changed").asBoolean()).as("same health again").isFalse();
    }

    @Test
    void listsTheBuiltInJobWithItsRuns() throws Exception {
        assertThat(fakes.events("platform.status").poll(10, TimeUnit.SECONDS)).isNotNull();

        given().when().get("/api/jobs")
                .then().statusCode(200)
                .body("id", hasItem("platform-status"))
                .body("find { it.id == 'platform-status' }.schedule.every", equalTo("500ms"))
                .body("find { it.id == 'platform-status' }.action.type", equalTo("aggregate-publish"))
                .body("find { it.id == 'platform-status' }.action.topic", equalTo("platform.status"));

        given().when().get("/api/jobs/platform-status/runs?limit=2")
                .then().statusCode(200)
                .body("size()", greaterThanOrEqualTo(1))
                .body("status", hasItem("succeeded"))
                .body("find { it.status == 'succeeded' }.job", equalTo("platform-status"))
                .body("find { it.status == 'succeeded' }.scheduledAt", notNullValue())
                .body("find { it.status == 'succeeded' }.finishedAt", notNullValue())
                .body("find { it.status == 'succeeded' }.latenessMs", greaterThanOrEqualTo(0));
    }
}
