package dev.updraft.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Reconnect with {@code since}: exactly the missed events, in order, or an honest {@code recovered:false}. */
@QuarkusTest
class RecoveryTest {

    @TestHTTPResource("/ws")
    URI ws;

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    @Test
    void reconnectWithSinceReplaysExactlyTheMissedEventsThenContinuesLive() throws Exception {
        String topic = "news.recovery";
        String epoch;
        try (WsClient first = WsClient.connect(vertx, ws, "reader")) {
            epoch = first.subscribe(topic).path("epoch").asText();
            for (int i = 1; i <= 3; i++) {
                HttpPublisher.publish(base, topic, "{\"n\":" + i + "}");
            }
            assertThat(offsets(first.events(3))).containsExactly(1L, 2L, 3L);
        }
        for (int i = 4; i <= 8; i++) {
            HttpPublisher.publish(base, topic, "{\"n\":" + i + "}");
        }
        try (WsClient again = WsClient.connect(vertx, ws, "reader")) {
            again.send("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\",\"since\":3,\"epoch\":\"" + epoch
                    + "\",\"id\":\"r\"}");
            JsonNode subscribed = again.next("subscribed");
            assertThat(subscribed.path("recovered").asBoolean()).isTrue();
            assertThat(subscribed.path("offset").asLong()).isEqualTo(8);
            assertThat(subscribed.path("epoch").asText()).isEqualTo(epoch);
            List<JsonNode> replayed = again.events(5);
            assertThat(offsets(replayed)).containsExactly(4L, 5L, 6L, 7L, 8L);
            assertThat(replayed).extracting(e -> e.path("data").path("n").asInt()).containsExactly(4, 5, 6, 7, 8);
            again.expectSilence(200);

            HttpPublisher.publish(base, topic, "{\"n\":9}");
            assertThat(again.next("event").path("offset").asLong()).isEqualTo(9);
            again.expectSilence(100);
        }
    }

    @Test
    void sinceBeyondHistoryIsNotRecoveredButReplaysWhatIsHeld() {
        String topic = "news.overflow";
        for (int i = 1; i <= 60; i++) { // history holds 50 in tests
            HttpPublisher.publish(base, topic, String.valueOf(i));
        }
        try (WsClient client = WsClient.connect(vertx, ws, null)) {
            client.send("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\",\"since\":2}");
            JsonNode subscribed = client.next("subscribed");
            assertThat(subscribed.path("recovered").asBoolean()).isFalse();
            assertThat(subscribed.path("offset").asLong()).isEqualTo(60);
            assertThat(offsets(client.events(50))).containsExactlyElementsOf(LongStream.rangeClosed(11, 60).boxed().toList());
        }
    }

    @Test
    void staleEpochIsNotRecovered() throws Exception {
        String topic = "news.epoch";
        HttpPublisher.publish(base, topic, "\"a\"");
        HttpPublisher.publish(base, topic, "\"b\"");
        try (WsClient client = WsClient.connect(vertx, ws, null)) {
            client.send("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\",\"since\":1,\"epoch\":\"gone\"}");
            JsonNode subscribed = client.next("subscribed");
            assertThat(subscribed.path("recovered").asBoolean()).isFalse();
            assertThat(subscribed.path("epoch").asText()).isNotEqualTo("gone");
            // offsets of another epoch mean nothing: everything of the current one is replayed
            assertThat(offsets(client.events(2))).containsExactly(1L, 2L);
            client.expectSilence(100);
        }
    }

    @Test
    void sinceAtTheLastOffsetIsRecoveredWithNothingToReplay() throws Exception {
        String topic = "news.uptodate";
        HttpPublisher.publish(base, topic, "1");
        try (WsClient client = WsClient.connect(vertx, ws, null)) {
            client.send("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\",\"since\":1}");
            JsonNode subscribed = client.next("subscribed");
            assertThat(subscribed.path("recovered").asBoolean()).isTrue();
            client.expectSilence(150);
        }
    }

    static List<Long> offsets(List<JsonNode> events) {
        return events.stream().map(e -> e.path("offset").asLong()).toList();
    }
}
