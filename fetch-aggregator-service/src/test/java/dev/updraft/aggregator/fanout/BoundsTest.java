package dev.updraft.aggregator.fanout;

import static dev.updraft.aggregator.Calls.aggregate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.updraft.aggregator.StrictProfile;
import dev.updraft.aggregator.UpstreamServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With a per-host bound of 10 (see {@link StrictProfile}), work to one host goes in waves of 10. */
@QuarkusTest
@TestProfile(StrictProfile.class)
class BoundsTest {

    static UpstreamServer upstream;

    @BeforeAll
    static void startUpstream() {
        upstream = UpstreamServer.start();
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    private static List<Map<String, Object>> requests(int count, String pathPrefix, long delayMs) {
        List<Map<String, Object>> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(Map.of("url", upstream.localhostUrl(pathPrefix + i + "?delay=" + delayMs)));
        }
        return requests;
    }

    @Test
    void perHostBoundOfTenMakesHundredRequestsOfHundredMillisTakeAboutOneSecond() {
        // A warm-up call opens the ten pooled connections, so that the measured call shows only the waves.
        aggregate(Map.of("requests", requests(10, "/json/warm", 0))).then().statusCode(200);
        Response response = aggregate(Map.of("requests", requests(100, "/json/bound", 100)));

        response.then().statusCode(200).body("completed", equalTo(true));
        long elapsed = response.jsonPath().getLong("elapsedMs");
        // Ten waves of 100 ms: never less than 1 s, whatever the machine; the upper margin is for a busy
        // shared 2-core machine and still far from the 10 s of one-at-a-time.
        assertThat(elapsed).isBetween(1000L, 5000L);
    }

    @Test
    void itemsStillQueuedAtTheDeadlineReportDeadlineAndTheCallAnswersOnTime() {
        long start = System.nanoTime();
        Response response = aggregate(Map.of("deadline", "1200ms", "requests", requests(30, "/json/queued", 700)));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        response.then().statusCode(200)
                .header("X-Aggregate-Completed", "false")
                .body("completed", equalTo(false));
        // The first wave of 10 finishes at ~700 ms; the second is in flight and would end at ~1400 ms, after
        // the deadline; the third is still queued when the deadline passes and never starts.
        for (int i = 0; i < 30; i++) {
            String kind = response.jsonPath().getString("results[" + i + "].error.kind");
            assertThat(kind).as("item %d", i).isEqualTo(i < 10 ? null : "deadline");
        }
        for (int i = 20; i < 30; i++) {
            assertThat(upstream.hits("/json/queued" + i)).as("queued item %d reached the upstream", i).isZero();
        }
        // The second wave was cut in flight: its requests were reset, not left running upstream.
        Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> upstream.closedEarly() >= 10);
        assertThat(response.jsonPath().getLong("elapsedMs")).isBetween(1200L, 2500L);
        assertThat(tookMs).isLessThan(4000L);
    }
}
