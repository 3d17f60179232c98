package dev.updraft.live;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TopicResourceTest {

    @Test
    void publishAnswersWithTopicOffsetAndEpoch() {
        String epoch = given().contentType(ContentType.JSON).body("{\"cpu\":0.42}")
                .when().post("/api/topics/metrics.host-1/events")
                .then().statusCode(201)
                .contentType(ContentType.JSON)
                .body("topic", equalTo("metrics.host-1"))
                .body("offset", equalTo(1))
                .body("epoch", not(emptyOrNullString()))
                .extract().path("epoch");
        given().contentType(ContentType.JSON).body("\"plain string is JSON too\"")
                .when().post("/api/topics/metrics.host-1/events")
                .then().statusCode(201)
                .body("offset", equalTo(2))
                .body("epoch", equalTo(epoch));

        given().when().get("/api/topics/metrics.host-1/events?since=1")
                .then().statusCode(200)
                .body("topic", equalTo("metrics.host-1"))
                .body("epoch", equalTo(epoch))
                .body("recovered", equalTo(true))
                .body("events.size()", equalTo(1))
                .body("events[0].offset", equalTo(2))
                .body("events[0].data", equalTo("plain string is JSON too"))
                .body("events[0].from", equalTo("anonymous"));
    }

    @Test
    void invalidTopicIsAProblemNamingTheField() {
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/topics/-bad/events")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("field", equalTo("topic"))
                .body("detail", containsString("'-bad' is invalid"))
                .body("instance", equalTo("/api/topics/-bad/events"));
    }

    @Test
    void malformedOrMissingBodyIsABadRequest() {
        given().contentType(ContentType.JSON).body("{\"a\":")
                .when().post("/api/topics/t1/events")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("malformed JSON"));
        // once published as 1, the rest dropped
        given().contentType(ContentType.JSON).body("1 2")
                .when().post("/api/topics/t1/events")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("body"))
                .body("detail", containsString("one JSON value; there is more after it"));
        given().contentType(ContentType.JSON)
                .when().post("/api/topics/t1/events")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("body"));
    }

    @Test
    void publisherNameIsTheEventsFromAndIsValidated() {
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/topics/named.sender/events?user=scheduler")
                .then().statusCode(201);
        given().when().get("/api/topics/named.sender/events")
                .then().statusCode(200)
                .body("events[0].from", equalTo("scheduler"));
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/topics/named.sender/events?user=" + "u".repeat(65))
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("user"));
    }

    @Test
    void oversizedBodyIs413() {
        String big = "\"" + "x".repeat(70_000) + "\"";
        given().contentType(ContentType.JSON).body(big)
                .when().post("/api/topics/t1/events")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("at most 65536"));
    }

    @Test
    void badQueryParametersAreProblems() {
        given().when().get("/api/topics/t1/events?since=-3")
                .then().statusCode(400).body("field", equalTo("since"));
        given().when().get("/api/topics/t1/events?limit=0")
                .then().statusCode(400).body("field", equalTo("limit"));
        given().when().get("/api/topics/t1/events?wait=soon")
                .then().statusCode(400).body("field", equalTo("wait"))
                .body("detail", containsString("not a duration"));
    }

    @Test
    void topicsListShowsLastOffsetAndEpoch() {
        given().contentType(ContentType.JSON).body("1").post("/api/topics/listed.topic/events").then().statusCode(201);
        given().when().get("/api/topics")
                .then().statusCode(200)
                .body("topic", hasItem("listed.topic"))
                .body("find { it.topic == 'listed.topic' }.lastOffset", equalTo(1))
                .body("find { it.topic == 'listed.topic' }.subscribers", equalTo(0));
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'live-updates engine' }.data.engine", equalTo("memory"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("updraft_live_connections"))
                .body(containsString("updraft_live_events_published_total"))
                .body(containsString("updraft_live_delivery_latency_seconds_bucket"))
                .body(containsString("updraft_live_events_delivered_total"))
                .body(containsString("updraft_live_subscriptions"))
                .body(containsString("updraft_live_history_events"))
                .body(containsString("updraft_live_outbound_frames"));
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths", hasKey("/api/topics/{topic}/events"))
                .body("paths", hasKey("/sse/topics/{topic}"))
                .body("paths", hasKey("/ws"));
    }

    @Test
    void dashboardIsServedAtRoot() {
        given().when().get("/")
                .then().statusCode(200)
                .contentType(ContentType.HTML)
                .body(containsString("platform.status"))
                .body(matchesPattern("(?s).*<script[^>]+app\\.js.*"));
    }
}
