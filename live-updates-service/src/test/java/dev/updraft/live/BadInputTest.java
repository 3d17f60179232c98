package dev.updraft.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets the right error frame or close code; where DESIGN says so, the connection lives on. */
@QuarkusTest
class BadInputTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Inject
    Vertx vertx;

    @Test
    void protocolErrorsAreErrorFramesWithRefAndTheConnectionStaysUsable() {
        try (WsClient client = WsClient.connect(vertx, ws, null)) {
            assertError(client.send("{\"type\":\"shout\",\"topic\":\"a\",\"id\":\"1\"}"), "1", "unknown type 'shout'");
            assertError(client.send("{\"topic\":\"a\",\"id\":\"2\"}"), "2", "type is required");
            assertError(client.send("{\"type\":\"publish\",\"topic\":\"a\",\"id\":\"3\"}"), "3", "data is required");
            assertError(client.send("{\"type\":\"subscribe\",\"id\":\"4\"}"), "4", "topic is required");
            assertError(client.send("{\"type\":\"subscribe\",\"topic\":\"bad topic!\",\"id\":\"5\"}"), "5",
                    "topic 'bad topic!' is invalid");
            assertError(client.send("{\"type\":\"subscribe\",\"topic\":\"a\",\"since\":-1,\"id\":\"6\"}"), "6",
                    "since must be 0 or greater");
            assertError(client.send("{\"type\":\"subscribe\",\"topic\":\"a\",\"since\":1.5,\"id\":\"6b\"}"), "6b",
                    "since");
            assertError(client.send("[1,2]"), null, "a frame must be a JSON object");
            assertError(client.send("{not json"), null, "malformed JSON");
            // once handled as a subscribe with the second object ignored
            assertError(client.send("{\"type\":\"subscribe\",\"topic\":\"news.trailing\",\"id\":\"9\"} {\"x\":1}"),
                    "9", "one JSON object; there is more after it");
            assertError(client.send("{\"type\":\"unsubscribe\",\"topic\":\"never\",\"id\":\"7\"}"), "7",
                    "not subscribed to 'never'");
            client.sendBinary(new byte[] {1, 2, 3});
            assertError(client, null, "binary frames are not part of the protocol");

            client.subscribe("news.still-usable");
            assertError(client.send("{\"type\":\"subscribe\",\"topic\":\"news.still-usable\",\"id\":\"8\"}"), "8",
                    "already subscribed");
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void subscribingToTooManyTopicsIsRefusedPerFrame() {
        try (WsClient client = WsClient.connect(vertx, ws, null)) {
            for (int i = 0; i < 5; i++) { // the test limit
                client.subscribe("news.many-" + i);
            }
            assertError(client.send("{\"type\":\"subscribe\",\"topic\":\"news.many-5\",\"id\":\"x\"}"), "x",
                    "at most 5 topics per connection");
            client.send("{\"type\":\"unsubscribe\",\"topic\":\"news.many-0\",\"id\":\"u\"}");
            assertThat(client.next("unsubscribed").path("ref").asText()).isEqualTo("u");
            assertThat(client.subscribe("news.many-5").path("topic").asText()).isEqualTo("news.many-5");
        }
    }

    @Test
    void publishFloodBeyondTheRateLimitIsRateLimitedNotDisconnected() {
        try (WsClient client = WsClient.connect(vertx, ws, null)) {
            int sent = 300; // burst 100, refill 50/s
            long started = System.nanoTime();
            for (int i = 0; i < sent; i++) {
                client.send("{\"type\":\"publish\",\"topic\":\"news.flood\",\"data\":" + i + ",\"id\":\"" + i + "\"}");
            }
            int acks = 0;
            int limited = 0;
            for (int i = 0; i < sent; i++) {
                JsonNode frame = client.next();
                assertThat(frame.path("ref").asText()).isEqualTo(String.valueOf(i));
                if (frame.path("type").asText().equals("ack")) {
                    acks++;
                } else {
                    assertThat(frame.path("code").asText()).isEqualTo("rate_limited");
                    assertThat(frame.path("message").asText()).contains("50 publishes per second");
                    limited++;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            // the burst, plus what the bucket can have refilled while the frames were being handled
            assertThat(acks).isBetween(100, 100 + (int) Math.ceil(50 * seconds) + 1);
            assertThat(limited).isEqualTo(sent - acks).isPositive();
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void aMessageOverTheSizeLimitClosesWith1009() {
        try (WsClient client = WsClient.connect(vertx, ws, null)) {
            client.send("{\"type\":\"publish\",\"topic\":\"news.huge\",\"data\":\"" + "x".repeat(70_000) + "\"}");
            assertThat(client.closeCode(5)).isEqualTo((short) 1009);
        }
    }

    @Test
    void aSingleFrameOverTheFrameLimitClosesWith1009() {
        // one frame of 300 KB: beyond the WebSocket decoder's frame limit, not only the message limit
        try (WsClient client = WsClient.connect(vertx, ws, null)) {
            client.send("{\"type\":\"publish\",\"topic\":\"news.huge\",\"data\":\"" + "x".repeat(300_000) + "\"}");
            assertThat(client.closeCode(5)).isEqualTo((short) 1009);
        }
    }

    @Test
    void invalidUserNameIsRefusedAtUpgrade() {
        assertThatThrownBy(() -> WsClient.connect(vertx, ws, "x".repeat(65)))
                .hasMessageStartingWith("cannot connect")
                .hasStackTraceContaining("400");
    }

    private static void assertError(WsClient client, String ref, String messagePart) {
        JsonNode error = client.next("error");
        assertThat(error.path("code").asText()).isEqualTo("bad_request");
        assertThat(error.path("message").asText()).contains(messagePart);
        if (ref == null) {
            assertThat(error.has("ref")).isFalse();
        } else {
            assertThat(error.path("ref").asText()).isEqualTo(ref);
        }
    }
}
