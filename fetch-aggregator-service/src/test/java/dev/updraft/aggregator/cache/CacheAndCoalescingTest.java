package dev.updraft.aggregator.cache;

import static dev.updraft.aggregator.Calls.aggregate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import dev.updraft.aggregator.UpstreamServer;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CacheAndCoalescingTest {

    static UpstreamServer upstream;

    @BeforeAll
    static void startUpstream() {
        upstream = UpstreamServer.start();
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    private static int hitOf(String url) {
        return aggregate(Map.of("requests", List.of(Map.of("url", url)))).then()
                .statusCode(200)
                .body("results[0].status", equalTo(200))
                .extract().jsonPath().getInt("results[0].body.hit");
    }

    @Test
    void fiftyIdenticalConcurrentGetsMakeOneUpstreamCall() {
        List<Map<String, Object>> requests = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            requests.add(Map.of("id", "same-" + i, "url", upstream.url("/json/coalesced?delay=300")));
        }
        aggregate(Map.of("requests", requests)).then()
                .statusCode(200)
                .body("completed", equalTo(true))
                .body("results", hasSize(50))
                .body("results[49].id", equalTo("same-49"))
                .body("results.body.hit", everyItem(equalTo(1)));
        assertThat(upstream.hits("/json/coalesced")).isEqualTo(1);
    }

    @Test
    void differentHeadersAreNotCoalesced() {
        aggregate(Map.of("requests", List.of(
                Map.of("url", upstream.url("/json/per-user?delay=200"), "headers", Map.of("Authorization", "Bearer a")),
                Map.of("url", upstream.url("/json/per-user?delay=200"), "headers", Map.of("Authorization", "Bearer b")))))
                .then()
                .statusCode(200)
                .body("completed", equalTo(true));
        assertThat(upstream.hits("/json/per-user")).isEqualTo(2);
    }

    @Test
    void maxAgeServesFromCacheUntilItExpires() {
        String url = upstream.url("/cached/short?cc=max-age%3D1");
        assertThat(hitOf(url)).isEqualTo(1);
        assertThat(hitOf(url)).as("served from the cache").isEqualTo(1);
        assertThat(upstream.hits("/cached/short")).isEqualTo(1);
        // After max-age (1 s) the entry is stale and the upstream is asked again.
        Awaitility.await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(250))
                .until(() -> hitOf(url) == 2);
    }

    @Test
    void aMaxAgeTooLongForTheClockIsCappedNotAFailure() {
        // 2^63 - 1 seconds overflowed in nanoseconds and turned a good 200 into a 'connect' error
        String url = upstream.url("/cached/forever?cc=max-age%3D9223372036854775807");
        assertThat(hitOf(url)).isEqualTo(1);
        assertThat(hitOf(url)).as("served from the cache").isEqualTo(1);
        assertThat(upstream.hits("/cached/forever")).isEqualTo(1);
    }

    @Test
    void noStoreIsNeverCached() {
        String url = upstream.url("/cached/nostore?cc=no-store");
        assertThat(hitOf(url)).isEqualTo(1);
        assertThat(hitOf(url)).isEqualTo(2);
    }

    @Test
    void staleEntryWithEtagIsRevalidatedAndServedOn304() {
        String url = upstream.url("/etag/doc");
        aggregate(Map.of("requests", List.of(Map.of("url", url)))).then()
                .body("results[0].body.version", equalTo(1))
                .body("results[0].body.hit", equalTo(1));
        String firstSha = aggregate(Map.of("requests", List.of(Map.of("url", url)))).then()
                .statusCode(200)
                .body("results[0].status", equalTo(200))
                .body("results[0].body.version", equalTo(1))
                .body("results[0].body.hit", equalTo(1))
                .extract().jsonPath().getString("results[0].sha256");
        assertThat(firstSha).hasSize(64);
        // Two requests reached the upstream; the second was conditional and answered 304 without a body.
        assertThat(upstream.hits("/etag/doc")).isEqualTo(2);
        assertThat(upstream.hits("/etag/doc#304")).isEqualTo(1);
    }
}
