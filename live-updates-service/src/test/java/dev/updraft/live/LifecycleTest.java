package dev.updraft.live;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.updraft.live.lifecycle.GracefulShutdown;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Heartbeats, idle timeout and graceful shutdown, with second-scale timings. Shutdown runs last: it stops
 * this application instance (its own profile, so the other tests' instance is not affected).
 */
@QuarkusTest
@TestProfile(LifecycleTest.FastTimers.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleTest {

    public static class FastTimers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "updraft.live.ping.interval", "300ms",
                    "updraft.live.ping.timeout", "1500ms",
                    "updraft.live.limits.idle-timeout", "1s");
        }
    }

    @TestHTTPResource("/ws")
    URI ws;

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    @Inject
    GracefulShutdown shutdown;

    @Test
    @Order(1)
    void aPeerThatAnswersPingsStaysConnected() throws Exception {
        try (WsClient client = WsClient.connect(vertx, ws, "alive")) {
            client.subscribe("news.alive");
            Thread.sleep(2_200); // several ping periods and more than the dead-peer limit
            assertThat(client.isClosed()).isFalse();
            HttpPublisher.publish(base, "news.alive", "\"still here\"");
            assertThat(client.next("event").path("data").asText()).isEqualTo("still here");
        }
    }

    @Test
    @Order(2)
    void aPeerThatStopsAnsweringPingsIsClosedAsDead() throws Exception {
        try (RawPeer ghost = new RawPeer(ws)) {
            ghost.sendText("{\"type\":\"subscribe\",\"topic\":\"news.ghost\"}");
            assertThat(ghost.nextText()).contains("\"type\":\"subscribed\"");
            // ping every 300 ms, dead after 300 + 1500 ms of silence
            Awaitility.await().atMost(Duration.ofSeconds(6)).until(() -> subscribers("news.ghost") == 0);
            assertThat(ghost.awaitCloseCode()).isEqualTo(1000);
        }
    }

    @Test
    @Order(3)
    void aConnectionWithoutSubscriptionsThatSaysNothingIsClosedAsIdle() {
        try (WsClient client = WsClient.connect(vertx, ws, "idle")) {
            assertThat(client.closeCode(5)).isEqualTo((short) 1000);
        }
    }

    @Test
    @Order(99)
    void shutdownClosesEveryConnectionWith1001AndRefusesNewOnes() throws Exception {
        try (WsClient client = WsClient.connect(vertx, ws, "leaving");
                SseClient sse = SseClient.open(vertx, base, "/sse/topics/news.leaving", null)) {
            client.subscribe("news.leaving");
            sse.next(); // subscribed
            long stillOpen = shutdown.drain(Duration.ofSeconds(5));
            assertThat(stillOpen).isZero();
            assertThat(client.closeCode(5)).isEqualTo((short) 1001);
            given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
            assertThatThrownBy(() -> WsClient.connect(vertx, ws, "late"))
                    .hasStackTraceContaining("503");
            given().contentType("application/json").body("1")
                    .when().post("/api/topics/news.leaving/events")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("detail", containsString("shutting down"));
            given().when().get("/sse/topics/news.leaving")
                    .then().statusCode(503)
                    .header("Retry-After", "1")
                    .contentType("application/problem+json")
                    .body("status", equalTo(503))
                    .body("detail", containsString("shutting down"));
        }
    }

    private static int subscribers(String topic) {
        Integer count = given().when().get("/api/topics").then().statusCode(200)
                .extract().path("find { it.topic == '" + topic + "' }.subscribers");
        return count == null ? 0 : count;
    }
}
