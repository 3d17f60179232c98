package dev.updraft.scheduler.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The platform's one live path, end to end with real processes: this scheduler's {@code platform-status}
 * job asks the packaged aggregator to fetch the three health endpoints and publishes the aggregate to the
 * packaged live-updates service, where a WebSocket subscriber receives it. Both packaged services require
 * tokens ({@link PlatformServices}): the job's calls carry the scheduler's own, the subscriber a reader's.
 */
@QuarkusTest
@QuarkusTestResource(value = PlatformServices.class, restrictToAnnotatedClass = true)
class PlatformStatusEndToEndTest {

    @Inject
    Vertx vertx;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "quarkus.rest-client.live-updates.url")
    URI liveUpdates;

    @Test
    void platformStatusReachesAWebSocketSubscriberThroughTheAggregator() throws Exception {
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocketClient client = vertx.createWebSocketClient();
        String reader = Jwt.subject("e2e-reader").claim("subscribe", List.of("platform.*")).expiresIn(60)
                .signWithSecret(PlatformServices.SECRET);
        WebSocket ws = client.connect(liveUpdates.getPort(), liveUpdates.getHost(), "/ws?access_token=" + reader)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            ws.textMessageHandler(frames::add);
            ws.writeTextMessage("{\"type\":\"subscribe\",\"topic\":\"platform.status\",\"id\":\"s1\"}");
            assertThat(json.readTree(next(frames, 10)).get("type").asText()).isEqualTo("subscribed");

            List<JsonNode> events = new ArrayList<>();
            // Two consecutive firings: the job is periodic, and offsets grow without gaps.
            while (events.size() < 2) {
                JsonNode frame = json.readTree(next(frames, 20));
                if (frame.get("type").asText().equals("event")) {
                    events.add(frame);
                }
            }
            assertThat(events.get(1).get("offset").asLong()).isEqualTo(events.get(0).get("offset").asLong() + 1);

            JsonNode latest = events.get(1);
            assertThat(latest.get("topic").asText()).isEqualTo("platform.status");
            JsonNode results = latest.at("/data/results");
            List<String> ids = new ArrayList<>();
            results.forEach(item -> ids.add(item.get("id").asText()));
            assertThat(ids).containsExactly("live-updates", "fetch-aggregator", "scheduler");
            for (JsonNode item : results) {
                // Each health document was fetched by the aggregator: status, latency and parsed body.
                assertThat(item.get("status").asInt()).as("status of %s", item.get("id")).isEqualTo(200);
                assertThat(item.has("latencyMs")).isTrue();
                assertThat(item.at("/body/status").asText()).as("health of %s", item.get("id")).isEqualTo("UP");
            }
            assertThat(latest.at("/data/completed").asBoolean()).isTrue();
        } finally {
            ws.close();
            client.close();
        }
    }

    private static String next(BlockingQueue<String> frames, int seconds) throws InterruptedException {
        String frame = frames.poll(seconds, TimeUnit.SECONDS);
        assertThat(frame).as("a frame within %ss", seconds).isNotNull();
        return frame;
    }
}
