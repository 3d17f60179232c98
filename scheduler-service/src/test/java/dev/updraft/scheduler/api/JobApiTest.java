package dev.updraft.scheduler.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.containsString;

import dev.updraft.scheduler.support.FakeServices;
import dev.updraft.scheduler.support.FakeServicesResource;
import dev.updraft.scheduler.support.InjectFakes;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FakeServicesResource.class)
class JobApiTest {

    @InjectFakes
    FakeServices fakes;

    private String hookJob(String id, String every) {
        return """
                {"id":"%s","schedule":{"every":"%s"},
                 "action":{"type":"http","method":"POST","url":"%s/hook?key=%s","body":{"n":1}},"timeout":"2s"}"""
                .formatted(id, every, fakes.upstreamUrl(), id);
    }

    @Test
    void createsReadsChangesPausesAndDeletesAJob() {
        given().contentType(ContentType.JSON).body(hookJob("crud-job", "1h"))
                .when().post("/api/jobs")
                .then().statusCode(201)
                .header("Location", endsWith("/api/jobs/crud-job"))
                .body("id", equalTo("crud-job"))
                .body("schedule.every", equalTo("1h"))
                .body("action.type", equalTo("http"))
                .body("action.method", equalTo("POST"))
                .body("timeout", equalTo("2s"))
                .body("enabled", equalTo(true))
                .body("state", equalTo("scheduled"))
                .body("nextFireAt", notNullValue());

        given().contentType(ContentType.JSON).body(hookJob("crud-job", "1h"))
                .when().post("/api/jobs")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("detail", containsString("crud-job"));

        given().when().get("/api/jobs").then().statusCode(200).body("id", hasItem("crud-job"));

        given().when().post("/api/jobs/crud-job/trigger")
                .then().statusCode(202)
                .body("job", equalTo("crud-job"))
                .body("status", equalTo("running"));
        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> given().when().get("/api/jobs/crud-job/runs")
                .then().body("[0].status", equalTo("succeeded")));

        // PUT reschedules and keeps the history
        given().contentType(ContentType.JSON).body(hookJob("crud-job", "30m"))
                .when().put("/api/jobs/crud-job")
                .then().statusCode(200)
                .body("schedule.every", equalTo("30m"))
                .body("lastRun.status", equalTo("succeeded"));
        given().when().get("/api/jobs/crud-job/runs?limit=5")
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].status", equalTo("succeeded"));

        given().when().post("/api/jobs/crud-job/pause")
                .then().statusCode(200).body("state", equalTo("paused")).body("enabled", equalTo(false))
                .body("nextFireAt", nullValue());
        given().when().get("/api/jobs/crud-job").then().statusCode(200).body("state", equalTo("paused"));
        // trigger runs a paused job too
        given().when().post("/api/jobs/crud-job/trigger").then().statusCode(202).body("status", equalTo("running"));
        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> given().when().get("/api/jobs/crud-job/runs")
                .then().body("size()", equalTo(2)).body("[0].status", equalTo("succeeded")));
        given().when().post("/api/jobs/crud-job/resume")
                .then().statusCode(200).body("state", equalTo("scheduled")).body("nextFireAt", notNullValue());

        given().when().delete("/api/jobs/crud-job").then().statusCode(204);
        given().when().get("/api/jobs/crud-job")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("instance", equalTo("/api/jobs/crud-job"));
        given().when().get("/api/jobs").then().body("id", not(hasItem("crud-job")));
    }

    @Test
    void servesAndRunsAJobDeclaredInConfiguration() throws Exception {
        given().when().get("/api/jobs/configured-hook")
                .then().statusCode(200)
                .body("schedule.cron", equalTo("0 15 3 * * ?"))
                .body("schedule.zone", equalTo("Europe/Paris"))
                .body("timeout", equalTo("5s"))
                .body("action.type", equalTo("http"))
                .body("action.method", equalTo("POST"))
                .body("state", equalTo("scheduled"))
                .body("nextFireAt", notNullValue());
        given().when().post("/api/jobs/configured-hook/trigger").then().statusCode(202);
        FakeServices.Recorded hook = fakes.hooks("configured").poll(5, TimeUnit.SECONDS);
        assertThat(hook).isNotNull();
        assertThat(hook.headers()).containsEntry("x-source", "config");
        assertThat(hook.body()).isEqualTo("{\"from\":\"config\"}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad cron          | {\"id\":\"bad-1\",\"schedule\":{\"cron\":\"0 61 * * * ?\"},ACTION}                 | schedule.cron",
            "minute 99         | {\"id\":\"bad-14\",\"schedule\":{\"cron\":\"0 99 * * * ?\"},ACTION}                 | schedule.cron",
            "cron never fires  | {\"id\":\"bad-2\",\"schedule\":{\"cron\":\"0 0 0 1 1 ? 2001\"},ACTION}             | schedule.cron",
            "unknown zone      | {\"id\":\"bad-3\",\"schedule\":{\"cron\":\"0 0 * * * ?\",\"zone\":\"Mars/Base\"},ACTION} | schedule.zone",
            "every below 100ms | {\"id\":\"bad-4\",\"schedule\":{\"every\":\"99ms\"},ACTION}                       | schedule.every",
            "bad duration      | {\"id\":\"bad-5\",\"schedule\":{\"every\":\"soon\"},ACTION}                      | schedule.every",
            "bad jitter        | {\"id\":\"bad-6\",\"schedule\":{\"every\":\"1s\",\"jitter\":\"2s\"},ACTION}        | schedule.jitter",
            "unknown action    | {\"id\":\"bad-7\",\"schedule\":{\"every\":\"1s\"},\"action\":{\"type\":\"email\"}} | action.type",
            "malformed URL     | {\"id\":\"bad-8\",\"schedule\":{\"every\":\"1s\"},\"action\":{\"type\":\"http\",\"url\":\"ftp:/x\"}} | action.url",
            "inline bad URL    | {\"id\":\"bad-9\",\"schedule\":{\"every\":\"1s\"},\"action\":{\"type\":\"aggregate-publish\",\"topic\":\"t\",\"requests\":[{\"url\":\"nope\"}]}} | action.requests[0].url",
            "bad topic         | {\"id\":\"bad-10\",\"schedule\":{\"every\":\"1s\"},\"action\":{\"type\":\"aggregate-publish\",\"topic\":\"no spaces\",\"aggregation\":\"x\"}} | action.topic",
            "bad method        | {\"id\":\"bad-11\",\"schedule\":{\"every\":\"1s\"},\"action\":{\"type\":\"http\",\"method\":\"FETCH\",\"url\":\"http://h/\"}} | action.method",
            "bad timeout       | {\"id\":\"bad-12\",\"schedule\":{\"every\":\"1s\"},ACTION,\"timeout\":\"0s\"}     | timeout",
            "no schedule       | {\"id\":\"bad-13\",ACTION}                                                         | schedule",
    })
    void rejectsBadJobsAsProblemJsonNamingTheFieldAndCreatesNothing(String why, String body, String field) {
        String json = body.replace("ACTION", "\"action\":{\"type\":\"http\",\"url\":\"http://localhost:1/x\"}");
        String id = json.replaceAll(".*\"id\":\"(bad-[0-9]+)\".*", "$1");
        given().contentType(ContentType.JSON).body(json)
                .when().post("/api/jobs")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("field", equalTo(field))
                .body("detail", notNullValue());
        given().when().get("/api/jobs/" + id).then().statusCode(404);
    }

    @Test
    void rejectsBadBodiesAndParameters() {
        given().contentType(ContentType.JSON).body("{\"id\":")
                .when().post("/api/jobs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("malformed JSON"));
        given().contentType(ContentType.JSON)
                .when().post("/api/jobs")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"id\":\"bad id\",\"schedule\":{\"every\":\"1s\"},"
                        + "\"action\":{\"type\":\"http\",\"url\":\"http://h/\"}}")
                .when().post("/api/jobs")
                .then().statusCode(400).body("field", equalTo("id"));
        given().when().get("/api/jobs/platform-status/runs?limit=0")
                .then().statusCode(400).contentType("application/problem+json").body("field", equalTo("limit"));
        given().contentType(ContentType.JSON).body(hookJob("other-id", "1h"))
                .when().put("/api/jobs/platform-status")
                .then().statusCode(400).body("field", equalTo("id"));
        given().contentType(ContentType.JSON).body(hookJob("never-created", "1h"))
                .when().put("/api/jobs/never-created")
                .then().statusCode(404).contentType("application/problem+json");
        given().when().post("/api/jobs/never-created/trigger").then().statusCode(404);
        given().when().delete("/api/jobs/never-created").then().statusCode(404);
    }
}
