package dev.updraft.aggregator.fanout;

import static dev.updraft.aggregator.Calls.aggregate;
import static io.restassured.RestAssured.given;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    @Test
    void aSharedGetIsNotCutByTheDeadlineOfTheCallThatStartedIt() throws Exception {
        // own threads: the common pool may have a single thread on a 2-core machine
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            sharedGetOutlivesItsLeader(callers);
        } finally {
            callers.shutdownNow();
        }
    }

    private void sharedGetOutlivesItsLeader(ExecutorService callers) throws Exception {
        // ten slow requests hold the host's ten slots for 1.5 s
        CompletableFuture<Response> blockers = CompletableFuture.supplyAsync(
                () -> aggregate(Map.of("requests", requests(10, "/json/hold", 1500))), callers);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> upstream.hits("/json/hold9") == 1);
        double coalescedBefore = coalesced();
        String url = upstream.localhostUrl("/json/shared-by-two");
        // a short deadline leads the shared GET; a long one joins it while both wait for a slot
        CompletableFuture<Response> shortCall = CompletableFuture.supplyAsync(
                () -> aggregate(Map.of("deadline", "600ms", "requests", List.of(Map.of("url", url)))), callers);
        Thread.sleep(150);
        Response longCall = aggregate(Map.of("deadline", "10s", "requests", List.of(Map.of("url", url))));

        assertThat(coalesced()).as("the second call joined the first one's GET").isGreaterThan(coalescedBefore);
        shortCall.get(10, TimeUnit.SECONDS).then().statusCode(200)
                .body("results[0].error.kind", equalTo("deadline"));
        // the shared call outlived the deadline of the call that started it: the long call's own deadline rules
        longCall.then().statusCode(200)
                .header("X-Aggregate-Completed", "true")
                .body("results[0].status", equalTo(200))
                .body("results[0].body.path", equalTo("/json/shared-by-two"));
        assertThat(upstream.hits("/json/shared-by-two")).isEqualTo(1);
        blockers.get(10, TimeUnit.SECONDS).then().statusCode(200);
    }

    private static double coalesced() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("updraft_aggregator_cache_requests_total\\{[^}]*outcome=\"coalesced\"[^}]*\\} (\\S+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
