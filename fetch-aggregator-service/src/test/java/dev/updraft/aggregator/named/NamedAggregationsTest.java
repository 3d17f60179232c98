package dev.updraft.aggregator.named;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(UpstreamServerResource.class)
class NamedAggregationsTest {

    @Test
    void declaredAggregationRunsInIdOrderWithSelectionAndMerge() {
        given().when().get("/api/aggregations/demo").then()
                .statusCode(200)
                .header("X-Aggregate-Completed", "true")
                .body("results.id", equalTo(List.of("alpha", "beta", "gamma")))
                .body("results[0].body", equalTo(Map.of("path", "/json/alpha", "v", "a")))
                .body("results[1].body", equalTo("b"))
                .body("results[2].body", equalTo("héllo g"))
                .body("merged.alpha.path", equalTo("/json/alpha"))
                .body("merged.alpha.hit", nullValue())
                .body("merged.beta", equalTo("b"))
                .body("merged.gamma", equalTo("héllo g"));
    }

    @Test
    void platformAggregationAsksTheThreeServicesForTheirHealth() {
        given().when().get("/api/aggregations").then()
                .statusCode(200)
                .body("$", hasKey("demo"))
                .body("platform.merge", equalTo(true))
                .body("platform.deadline", equalTo("3s"))
                .body("platform.requests.id", equalTo(List.of("fetch-aggregator", "live-updates", "scheduler")))
                .body("platform.requests.url", equalTo(List.of("http://localhost:8081/q/health",
                        "http://localhost:8080/q/health", "http://localhost:8082/q/health")));
    }

    @Test
    void unknownAggregationIsProblemJson() {
        given().when().get("/api/aggregations/nope").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", containsString("no aggregation named 'nope'"))
                .body("detail", containsString("platform"));
    }
}
