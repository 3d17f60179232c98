package dev.updraft.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * WebSocket and HTTP publishers at once, subscribers on several connections (hence several event loops),
 * and one subscriber that joins with {@code since} in the middle of the storm: every subscriber must see
 * every offset exactly once, in order, and each publisher's events in the order it sent them.
 */
@QuarkusTest
class ConcurrencyTest {

    private static final String TOPIC = "news.storm";
    private static final int PER_PUBLISHER = 40;
    private static final int WS_PUBLISHERS = 3;
    private static final int HTTP_PUBLISHERS = 2;
    private static final int TOTAL = PER_PUBLISHER * (WS_PUBLISHERS + HTTP_PUBLISHERS);
    /** {@code %test.updraft.live.history.size}. */
    private static final int HISTORY = 50;

    @TestHTTPResource("/ws")
    URI ws;

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    @Test
    void everySubscriberSeesEveryOffsetOnceAndInOrder() throws Exception {
        List<WsClient> subscribers = new ArrayList<>();
        List<WsClient> publishers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(WS_PUBLISHERS + HTTP_PUBLISHERS);
        try {
            for (int i = 0; i < 3; i++) {
                WsClient subscriber = WsClient.connect(vertx, ws, "sub-" + i);
                subscriber.subscribe(TOPIC);
                subscribers.add(subscriber);
            }
            for (int i = 0; i < WS_PUBLISHERS; i++) {
                publishers.add(WsClient.connect(vertx, ws, "ws-" + i));
            }
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (int p = 0; p < WS_PUBLISHERS; p++) {
                WsClient publisher = publishers.get(p);
                String name = "ws-" + p;
                running.add(CompletableFuture.runAsync(() -> publishOverWebSocket(publisher, name), pool));
            }
            for (int p = 0; p < HTTP_PUBLISHERS; p++) {
                String name = "http-" + p;
                running.add(CompletableFuture.runAsync(() -> {
                    for (int seq = 0; seq < PER_PUBLISHER; seq++) {
                        HttpPublisher.publish(base, TOPIC, "{\"p\":\"" + name + "\",\"seq\":" + seq + "}");
                    }
                }, pool));
            }

            // joins mid-storm with since=0: the replay/live hand-over happens while offsets are being assigned
            try (WsClient late = WsClient.connect(vertx, ws, "late")) {
                late.send("{\"type\":\"subscribe\",\"topic\":\"" + TOPIC + "\",\"since\":0}");
                JsonNode subscribed = late.next("subscribed");
                CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

                List<Long> seen = new ArrayList<>();
                while (seen.isEmpty() || seen.getLast() < TOTAL) {
                    seen.add(late.next("event").path("offset").asLong());
                }
                long first = seen.getFirst();
                assertThat(seen).as("late subscriber: contiguous, no duplicate")
                        .containsExactlyElementsOf(LongStream.rangeClosed(first, TOTAL).boxed().toList());
                // the replay starts at the oldest event still held (history.size is 50 in tests), whether or
                // not offset 1 was still there, so nothing held at subscribe time was skipped
                long lastAtSubscribe = subscribed.path("offset").asLong();
                assertThat(first).as("first offset after subscribing at %d", lastAtSubscribe)
                        .isEqualTo(Math.max(1, lastAtSubscribe - HISTORY + 1));
                assertThat(subscribed.path("recovered").asBoolean()).isEqualTo(lastAtSubscribe <= HISTORY);
                late.expectSilence(100);
            }

            for (WsClient subscriber : subscribers) {
                List<JsonNode> events = subscriber.events(TOTAL);
                assertThat(RecoveryTest.offsets(events))
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, TOTAL).boxed().toList());
                assertPerPublisherOrder(events);
                subscriber.expectSilence(50);
            }
        } finally {
            pool.shutdownNow();
            subscribers.forEach(WsClient::close);
            publishers.forEach(WsClient::close);
        }
    }

    private static void publishOverWebSocket(WsClient publisher, String name) {
        for (int seq = 0; seq < PER_PUBLISHER; seq++) {
            publisher.send("{\"type\":\"publish\",\"topic\":\"" + TOPIC + "\",\"data\":{\"p\":\"" + name
                    + "\",\"seq\":" + seq + "},\"id\":\"" + seq + "\"}");
        }
        long previous = 0;
        for (int seq = 0; seq < PER_PUBLISHER; seq++) {
            JsonNode ack = publisher.next("ack");
            assertThat(ack.path("ref").asText()).isEqualTo(String.valueOf(seq));
            assertThat(ack.path("offset").asLong()).isGreaterThan(previous);
            previous = ack.path("offset").asLong();
        }
    }

    private static void assertPerPublisherOrder(List<JsonNode> events) {
        Map<String, List<Integer>> byPublisher = new HashMap<>();
        for (JsonNode event : events) {
            byPublisher.computeIfAbsent(event.path("data").path("p").asText(), k -> new ArrayList<>())
                    .add(event.path("data").path("seq").asInt());
        }
        assertThat(byPublisher).hasSize(WS_PUBLISHERS + HTTP_PUBLISHERS);
        byPublisher.values().forEach(seqs -> assertThat(seqs).isSorted().hasSize(PER_PUBLISHER));
    }
}
