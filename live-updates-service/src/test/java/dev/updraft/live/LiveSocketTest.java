package dev.updraft.live;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.matchesPattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LiveSocketTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Inject
    Vertx vertx;

    @Test
    void subscriberReceivesEveryPublishInOffsetOrderAndPublisherGetsAcks() {
        try (WsClient bob = WsClient.connect(vertx, ws, "bob");
                WsClient alice = WsClient.connect(vertx, ws, "alice")) {
            JsonNode subscribed = bob.subscribe("news.basic");
            assertThat(subscribed.path("ref").asText()).isEqualTo("s-news.basic");
            assertThat(subscribed.path("offset").asLong()).isZero();
            String epoch = subscribed.path("epoch").asText();
            assertThat(epoch).isNotBlank();

            alice.send("{\"type\":\"publish\",\"topic\":\"news.basic\",\"data\":{\"text\":\"hi\"},\"id\":\"p1\"}");
            alice.send("{\"type\":\"publish\",\"topic\":\"news.basic\",\"data\":[1,2],\"id\":\"p2\"}");

            JsonNode ack1 = alice.next("ack");
            JsonNode ack2 = alice.next("ack");
            assertThat(ack1.path("ref").asText()).isEqualTo("p1");
            assertThat(ack1.path("offset").asLong()).isEqualTo(1);
            assertThat(ack2.path("ref").asText()).isEqualTo("p2");
            assertThat(ack2.path("offset").asLong()).isEqualTo(2);

            JsonNode first = bob.next("event");
            assertThat(first.path("topic").asText()).isEqualTo("news.basic");
            assertThat(first.path("offset").asLong()).isEqualTo(1);
            assertThat(first.path("epoch").asText()).isEqualTo(epoch);
            assertThat(first.path("from").asText()).isEqualTo("alice");
            assertThat(first.path("data").path("text").asText()).isEqualTo("hi");
            assertThat(first.path("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            JsonNode second = bob.next("event");
            assertThat(second.path("offset").asLong()).isEqualTo(2);
            assertThat(second.path("data")).isEqualTo(WsClient.JSON.createArrayNode().add(1).add(2));
        }
        // the events above went out pre-encoded on the Netty channel, not through the sendText fallback
        given().when().get("/q/metrics").then().statusCode(200)
                .body(matchesPattern("(?s).*updraft_live_websocket_opened_total\\{[^}]*write_path=\"channel\"[^}]*\\} [1-9].*"))
                .body(matchesPattern("(?s).*updraft_live_websocket_opened_total\\{[^}]*write_path=\"sendText\"[^}]*\\} 0\\.0.*"));
    }

    @Test
    void malformedFrameGetsAnErrorFrameAndTheConnectionStaysUsable() {
        try (WsClient client = WsClient.connect(vertx, ws, null)) {
            client.send("{not json");
            JsonNode error = client.next("error");
            assertThat(error.path("code").asText()).isEqualTo("bad_request");
            assertThat(error.path("message").asText()).startsWith("malformed JSON");

            client.subscribe("news.after-error");
            client.send("{\"type\":\"publish\",\"topic\":\"news.after-error\",\"data\":\"still here\",\"id\":\"x\"}");
            // the ack is written at once, the own event by the fan-out right after: ack first
            assertThat(client.next("ack").path("ref").asText()).isEqualTo("x");
            JsonNode event = client.next("event");
            assertThat(event.path("data").asText()).isEqualTo("still here");
            assertThat(event.path("from").asText()).isEqualTo("anonymous");
        }
    }
}
