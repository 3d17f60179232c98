package dev.updraft.aggregator.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PlatformEndpointsTest {

    @Test
    void healthReportsUpWithFanOutLoad() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("fan-out"))
                .body("checks.find { it.name == 'fan-out' }.data.capacity", equalTo(1024));
    }

    @Test
    void openApiDescribesTheAggregateEndpoints() {
        given().queryParam("format", "json").when().get("/q/openapi").then()
                .statusCode(200)
                .body("paths.'/api/aggregate'.post", notNullValue())
                // the answer is written pre-encoded; its documented schema is still the shared-model record
                .body("paths.'/api/aggregate'.post.responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/AggregateResult"))
                .body("paths.'/api/aggregate/stream'.post", notNullValue());
    }

    @Test
    void metricsArePrometheusText() {
        given().when().get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"));
    }

    @Test
    void unknownApiPathAndWrongMethodAreProblemJson() {
        given().when().get("/api/nope").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
        given().when().get("/api/aggregate").then()
                .statusCode(405)
                .contentType("application/problem+json")
                .body("status", equalTo(405));
    }
}
