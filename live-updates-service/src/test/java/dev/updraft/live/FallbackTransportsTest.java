package dev.updraft.live;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SSE and long-poll share the WebSocket's history and offsets, and recover the same way. */
@QuarkusTest
class FallbackTransportsTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    @Test
    void sseRecoversFromLastEventIdThenStreamsLive() throws Exception {
        String topic = "news.sse";
        for (int i = 1; i <= 3; i++) {
            HttpPublisher.publish(base, topic, "{\"n\":" + i + "}");
        }
        try (SseClient sse = SseClient.open(vertx, base, "/sse/topics/" + topic, "1")) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.contentType()).startsWith("text/event-stream");
            Map<String, String> subscribed = sse.next();
            assertThat(subscribed).containsEntry("event", "subscribed").containsEntry("retry", "1000");
            JsonNode frame = WsClient.JSON.readTree(subscribed.get("data"));
            assertThat(frame.path("recovered").asBoolean()).isTrue();
            assertThat(frame.path("offset").asLong()).isEqualTo(3);

            assertEvent(sse.next(), 2);
            assertEvent(sse.next(), 3);
            HttpPublisher.publish(base, topic, "{\"n\":4}");
            assertEvent(sse.next(), 4);
        }
    }

    @Test
    void sseRejectsAnInvalidLastEventId() {
        given().header("Last-Event-ID", "abc")
                .when().get("/sse/topics/news.sse-bad")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("Last-Event-ID"));
        given().when().get("/sse/topics/bad%20topic")
                .then().statusCode(400)
                .body("field", equalTo("topic"));
    }

    @Test
    void longPollReturnsAsSoonAsTheNextEventIsPublished() throws Exception {
        String topic = "news.longpoll";
        long last = HttpPublisher.publish(base, topic, "\"first\"");
        long started = System.nanoTime();
        CompletableFuture<JsonPath> poll = CompletableFuture.supplyAsync(() -> given()
                .when().get("/api/topics/" + topic + "/events?since=" + last + "&wait=20s")
                .then().statusCode(200)
                .extract().jsonPath());
        Thread.sleep(300); // let the poll park on the topic
        assertThat(poll).isNotDone();
        HttpPublisher.publish(base, topic, "\"second\"");
        JsonPath page = poll.get(5, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
        assertThat(page.getList("events")).hasSize(1);
        assertThat(page.getLong("events[0].offset")).isEqualTo(last + 1);
        assertThat(page.getString("events[0].data")).isEqualTo("second");
        assertThat(page.getBoolean("recovered")).isTrue();
    }

    @Test
    void longPollAnswersEmptyAtTheTimeoutAndRecoversWithSince() {
        String topic = "news.longpoll-quiet";
        HttpPublisher.publish(base, topic, "1");
        HttpPublisher.publish(base, topic, "2");
        long started = System.nanoTime();
        given().when().get("/api/topics/" + topic + "/events?since=2&wait=300ms")
                .then().statusCode(200)
                .body("events.size()", equalTo(0))
                .body("recovered", equalTo(true));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(300);

        given().when().get("/api/topics/" + topic + "/events?since=1&wait=10s")
                .then().statusCode(200)
                .body("events.offset", contains(2))
                .body("recovered", equalTo(true));
    }

    private static void assertEvent(Map<String, String> message, long offset) throws Exception {
        assertThat(message).containsEntry("id", String.valueOf(offset));
        JsonNode event = WsClient.JSON.readTree(message.get("data"));
        assertThat(event.path("type").asText()).isEqualTo("event");
        assertThat(event.path("offset").asLong()).isEqualTo(offset);
        assertThat(event.path("data").path("n").asLong()).isEqualTo(offset);
    }
}
