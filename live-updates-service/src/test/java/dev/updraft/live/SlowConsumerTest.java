package dev.updraft.live;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.matchesPattern;

import dev.updraft.live.metrics.LiveMetrics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading fills its socket buffers, then its bounded outbound queue (64 frames in
 * tests), and is closed with 4008, while a normal subscriber of the same topic keeps receiving everything.
 */
@QuarkusTest
class SlowConsumerTest {

    private static final String TOPIC = "news.slow";
    private static final int MAX_EVENTS = 2000;

    @TestHTTPResource("/ws")
    URI ws;

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    @Inject
    LiveMetrics metrics;

    @Test
    void slowConsumerIsClosedWith4008AndOthersKeepFlowing() {
        String payload = "{\"blob\":\"" + "x".repeat(16_000) + "\"}";
        try (WsClient fast = WsClient.connect(vertx, ws, "fast");
                WsClient slow = WsClient.connectWithSmallBuffer(vertx, ws, "slow")) {
            fast.subscribe(TOPIC);
            slow.subscribe(TOPIC);
            slow.pause();

            int published = 0;
            long mostQueued = 0;
            while (published < MAX_EVENTS && subscribers() == 2) {
                for (int i = 0; i < 50; i++) {
                    HttpPublisher.publish(base, TOPIC, payload);
                    published++;
                    mostQueued = Math.max(mostQueued, metrics.outboundFrames());
                }
            }
            // memory stays bounded: per connection at most the bound (64) of unwritten frames plus one
            // unflushed batch (64), and replies in flight
            assertThat(mostQueued).as("frames queued server-side at most").isBetween(64L, 2 * (64L + 64) + 2);
            assertThat(subscribers()).as("slow consumer still subscribed after %d events of 16 kB", published)
                    .isEqualTo(1);

            // everything published reached the normal subscriber, in order
            assertThat(RecoveryTest.offsets(fast.events(published)))
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, published).boxed().toList());

            slow.resume();
            assertThat(slow.closeCode(10)).isEqualTo((short) 4008);
        }
        given().when().get("/q/metrics").then().statusCode(200)
                .body(matchesPattern("(?s).*updraft_live_slow_consumer_closes_total(\\{[^}]*\\})? [1-9].*"));
    }

    private static int subscribers() {
        Integer count = given().when().get("/api/topics").then().statusCode(200)
                .extract().path("find { it.topic == '" + TOPIC + "' }.subscribers");
        return count == null ? 0 : count;
    }
}
