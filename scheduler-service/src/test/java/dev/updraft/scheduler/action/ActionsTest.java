package dev.updraft.scheduler.action;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.updraft.model.ModelJson;
import dev.updraft.model.aggregate.UpstreamRequest;
import dev.updraft.model.scheduler.JobRun;
import dev.updraft.model.scheduler.RunStatus;
import dev.updraft.scheduler.support.FakeServices;
import dev.updraft.scheduler.support.FakeServicesResource;
import dev.updraft.scheduler.support.InjectFakes;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Both actions end to end against real local servers, including timeouts that cancel the HTTP work. */
@QuarkusTest
@WithTestResource(FakeServicesResource.class)
class ActionsTest {

    @InjectFakes
    FakeServices fakes;

    @Test
    void httpActionSendsTheConfiguredMethodHeadersAndBody() throws Exception {
        create("""
                {"id":"hook-put","schedule":{"every":"1h"},
                 "action":{"type":"http","method":"PUT","url":"%s/hook?key=hook-put",
                           "headers":{"X-Token":"s3cret","Accept":"application/json"},"body":{"deploy":"v2","n":[1,2]}}}"""
                .formatted(fakes.upstreamUrl()));
        JobRun run = triggerAndAwait("hook-put");

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        FakeServices.Recorded request = fakes.hooks("hook-put").poll(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.path()).isEqualTo("/hook?key=hook-put");
        assertThat(request.headers()).containsEntry("x-token", "s3cret").containsEntry("content-type", "application/json");
        assertThat(ModelJson.newMapper().readTree(request.body()))
                .isEqualTo(ModelJson.newMapper().readTree("{\"deploy\":\"v2\",\"n\":[1,2]}"));
    }

    @Test
    void httpActionFailsOnAnErrorStatus() {
        create("""
                {"id":"hook-500","schedule":{"every":"1h"},
                 "action":{"type":"http","url":"%s/hook?key=hook-500&status=500"}}""".formatted(fakes.upstreamUrl()));
        JobRun run = triggerAndAwait("hook-500");
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("HTTP 500");
    }

    @Test
    void aTimedOutHttpActionIsCancelledOnTheWire() {
        create("""
                {"id":"slow-hook","schedule":{"every":"1h"},"timeout":"300ms",
                 "action":{"type":"http","method":"GET","url":"%s/slow?ms=5000&key=slow-hook"}}""".formatted(fakes.upstreamUrl()));
        JobRun run = triggerAndAwait("slow-hook");
        assertThat(run.status()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(run.error()).contains("300ms");
        assertThat(run.finishedAt()).isBefore(run.startedAt().plusSeconds(2));
        await().atMost(3, TimeUnit.SECONDS).until(() -> fakes.cancelled("slow-hook") == 1);
    }

    @Test
    void aTimedOutAggregationIsCancelledOnTheWire() {
        int before = fakes.aggregateCallsCancelled();
        create("""
                {"id":"slow-aggregate","schedule":{"every":"1h"},"timeout":"400ms",
                 "action":{"type":"aggregate-publish","topic":"test.slow","requests":[{"id":"s","url":"%s/slow?ms=5000&key=slow-agg"}]}}"""
                .formatted(fakes.upstreamUrl()));
        JobRun run = triggerAndAwait("slow-aggregate");
        assertThat(run.status()).isEqualTo(RunStatus.TIMED_OUT);
        await().atMost(3, TimeUnit.SECONDS).until(() -> fakes.aggregateCallsCancelled() > before);
        assertThat(fakes.published("test.slow")).isEmpty();
    }

    @Test
    void namedAggregationPublishesWithChangedComputedAgainstThePreviousRun() throws Exception {
        fakes.defineAggregation("prices", List.of(UpstreamRequest.get("eur", fakes.upstreamUrl() + "/state?key=eur")));
        fakes.setState("eur", "{\"rate\":1.08}");
        create("""
                {"id":"prices","schedule":{"every":"1h"},
                 "action":{"type":"aggregate-publish","aggregation":"prices","topic":"test.prices"}}""");

        assertThat(triggerAndAwait("prices").status()).isEqualTo(RunStatus.SUCCEEDED);
        JsonNode first = fakes.events("test.prices").poll(5, TimeUnit.SECONDS);
        assertThat(triggerAndAwait("prices").status()).isEqualTo(RunStatus.SUCCEEDED);
        JsonNode same = fakes.events("test.prices").poll(5, TimeUnit.SECONDS);
        fakes.setState("eur", "{\"rate\":1.09}");
        assertThat(triggerAndAwait("prices").status()).isEqualTo(RunStatus.SUCCEEDED);
        JsonNode moved = fakes.events("test.prices").poll(5, TimeUnit.SECONDS);

        assertThat(first.get("job").asText()).isEqualTo("prices");
        assertThat(first.get("changed").asBoolean()).as("first run").isTrue();
        assertThat(first.at("/results/0/body/rate").asDouble()).isEqualTo(1.08);
        assertThat(same.get("changed").asBoolean()).as("same body").isFalse();
        assertThat(moved.get("changed").asBoolean()).as("new body").isTrue();
        assertThat(moved.at("/results/0/body/rate").asDouble()).isEqualTo(1.09);
    }

    @Test
    void anUnknownNamedAggregationFailsTheRunWithTheAggregatorsAnswer() {
        create("""
                {"id":"no-such-aggregation","schedule":{"every":"1h"},
                 "action":{"type":"aggregate-publish","aggregation":"nope","topic":"test.nope"}}""");
        JobRun run = triggerAndAwait("no-such-aggregation");
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("aggregator answered HTTP 404");
    }

    private static void create(String job) {
        given().contentType(ContentType.JSON).body(job).when().post("/api/jobs").then().statusCode(201);
    }

    /** Triggers a run and waits for its outcome. */
    private static JobRun triggerAndAwait(String id) {
        JobRun started = given().when().post("/api/jobs/" + id + "/trigger")
                .then().statusCode(202).extract().as(JobRun.class);
        assertThat(started.status()).isEqualTo(RunStatus.RUNNING);
        return await().atMost(10, TimeUnit.SECONDS).until(() -> latest(id, started), run -> run != null);
    }

    private static JobRun latest(String id, JobRun started) {
        JobRun[] runs = given().when().get("/api/jobs/" + id + "/runs?limit=1").then().statusCode(200)
                .extract().as(JobRun[].class);
        return runs.length == 1 && runs[0].status() != RunStatus.RUNNING
                && runs[0].scheduledAt().equals(started.scheduledAt()) ? runs[0] : null;
    }
}
