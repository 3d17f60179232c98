package dev.updraft.aggregator.resilience;

import static dev.updraft.aggregator.Calls.aggregate;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.updraft.aggregator.ResilienceProfile;
import dev.updraft.aggregator.UpstreamServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ResilienceProfile.class)
class ResilienceTest {

    private static String kindOf(String url) {
        return aggregate(Map.of("requests", List.of(Map.of("url", url)))).then()
                .statusCode(200)
                .extract().jsonPath().getString("results[0].error.kind");
    }

    @Test
    void circuitOpensAfterRepeatedFailuresAndHalfOpensLater() {
        try (UpstreamServer upstream = UpstreamServer.start()) {
            for (int i = 0; i < 3; i++) {
                assertThat(kindOf(upstream.url("/status/500"))).isEqualTo("http");
            }
            int servedBeforeOpen = upstream.totalHits();
            // Open: refused without reaching the host, whatever the path.
            aggregate(Map.of("requests", List.of(Map.of("url", upstream.url("/json/ok"))))).then()
                    .body("results[0].error.kind", equalTo("circuit_open"))
                    .body("results[0].error.message", containsString("127.0.0.1:" + upstream.port()));
            assertThat(upstream.totalHits()).isEqualTo(servedBeforeOpen);
            assertThat(upstream.hits("/json/ok")).isZero();
            given().when().get("/q/metrics").then()
                    .body(containsString("updraft_aggregator_circuits{state=\"open\"} 1.0"));

            // After open-for (1.5 s) one trial goes through; its success closes the circuit.
            Awaitility.await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(100))
                    .until(() -> kindOf(upstream.url("/json/ok")) == null);
            assertThat(kindOf(upstream.url("/json/ok"))).as("closed again").isNull();
        }
    }

    @Test
    void halfOpenTrialFailureOpensAgain() {
        try (UpstreamServer upstream = UpstreamServer.start()) {
            for (int i = 0; i < 3; i++) {
                kindOf(upstream.url("/status/502?x=" + i));
            }
            assertThat(kindOf(upstream.url("/status/500"))).isEqualTo("circuit_open");
            Awaitility.await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "http".equals(kindOf(upstream.url("/status/500"))));
            assertThat(kindOf(upstream.url("/json/ok"))).isEqualTo("circuit_open");
        }
    }

    @Test
    void hedgedGetAnswersFromTheSecondRequestAndResetsTheFirst() {
        try (UpstreamServer upstream = UpstreamServer.start()) {
            long start = System.nanoTime();
            aggregate(Map.of("requests", List.of(Map.of("url", upstream.url("/hedge"))))).then()
                    .statusCode(200)
                    .body("results[0].status", equalTo(200))
                    .body("results[0].body.hit", equalTo(2));
            // The first request would have taken 3 s.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
            assertThat(upstream.hits("/hedge")).isEqualTo(2);
            Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> upstream.closedEarly() >= 1);
        }
    }
}
