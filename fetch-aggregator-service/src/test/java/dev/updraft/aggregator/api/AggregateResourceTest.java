package dev.updraft.aggregator.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import static dev.updraft.aggregator.Calls.aggregate;
import static dev.updraft.aggregator.Calls.freePort;
import static dev.updraft.aggregator.Calls.sha256;

import dev.updraft.aggregator.UpstreamServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AggregateResourceTest {

    static UpstreamServer upstream;

    @BeforeAll
    static void startUpstream() {
        upstream = UpstreamServer.start();
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    @BeforeEach
    void resetCounts() {
        upstream.reset();
    }

    @Test
    void twentySlowRequestsRunConcurrently() {
        List<Map<String, Object>> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requests.add(Map.of("id", "r" + i, "url", upstream.url("/json/" + i + "?delay=200")));
        }
        // Warm-up: the first call of a fresh application pays for class loading and JIT.
        aggregate(Map.of("requests", List.of(Map.of("url", upstream.url("/json/warm"))))).then().statusCode(200);
        long start = System.nanoTime();
        Response response = aggregate(Map.of("requests", requests));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        response.then()
                .statusCode(200)
                .header(AggregateResource.COMPLETED_HEADER, "true")
                .body("completed", equalTo(true))
                .body("results", hasSize(20))
                .body("results.status", everyItem(equalTo(200)))
                .body("results[7].id", equalTo("r7"))
                .body("results[7].body.path", equalTo("/json/7"))
                .body("elapsedMs", lessThan(2000));
        // Sequentially this would take 20 x 200 ms = 4 s; concurrently about 200 ms plus overhead.
        assertThat(tookMs).isLessThan(2000);
        assertThat(upstream.hits("/json/19")).isEqualTo(1);
    }

    @Test
    void oneFailingUpstreamBecomesAnItemErrorNotAFailedCall() throws Exception {
        int closedPort = freePort();
        Response response = aggregate(Map.of("requests", List.of(
                Map.of("id", "ok", "url", upstream.url("/json/ok")),
                Map.of("id", "boom", "url", upstream.url("/status/500")),
                Map.of("id", "refused", "url", "http://127.0.0.1:" + closedPort + "/"),
                Map.of("id", "nxdomain", "url", "http://no-such-host.invalid/"),
                Map.of("id", "ok2", "url", upstream.url("/json/ok2")))));

        response.then()
                .statusCode(200)
                .header(AggregateResource.COMPLETED_HEADER, "false")
                .body("completed", equalTo(false))
                .body("results.id", equalTo(List.of("ok", "boom", "refused", "nxdomain", "ok2")))
                .body("results[0].body.path", equalTo("/json/ok"))
                .body("results[1].error.kind", equalTo("http"))
                .body("results[1].error.status", equalTo(500))
                .body("results[1].status", equalTo(500))
                .body("results[2].error.kind", equalTo("connect"))
                .body("results[3].error.kind", equalTo("dns"))
                .body("results[4].status", equalTo(200))
                .body("results[4].error", nullValue());
    }

    @Test
    void bodiesAreJsonTextOrBase64WithTheirSha256() throws Exception {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        Response response = aggregate(Map.of("requests", List.of(
                Map.of("id", "json", "url", upstream.url("/json/a?v=1")),
                Map.of("id", "text", "url", upstream.url("/text?v=x")),
                Map.of("id", "bin", "url", upstream.url("/bytes")))));

        response.then()
                .statusCode(200)
                .body("results[0].body.v", equalTo("1"))
                .body("results[0].contentType", equalTo("application/json"))
                .body("results[0].encoding", nullValue())
                .body("results[1].body", equalTo("héllo x"))
                .body("results[1].sha256", equalTo(sha256("héllo x".getBytes("UTF-8"))))
                .body("results[1].bytes", equalTo(8))
                .body("results[2].encoding", equalTo("base64"))
                .body("results[2].body", equalTo(java.util.Base64.getEncoder().encodeToString(binary)))
                .body("results[2].sha256", equalTo(sha256(binary)))
                .body("results[2].bytes", equalTo(256));
    }

    @Test
    void resultsKeepRequestOrderWhateverTheCompletionOrder() {
        Response response = aggregate(Map.of("requests", List.of(
                Map.of("url", upstream.url("/json/slow?delay=300")),
                Map.of("url", upstream.url("/json/mid?delay=150")),
                Map.of("url", upstream.url("/json/fast")))));

        response.then()
                .statusCode(200)
                .body("results.id", equalTo(List.of("0", "1", "2")))
                .body("results.body.path", equalTo(List.of("/json/slow", "/json/mid", "/json/fast")));
    }

    @Test
    void perRequestTimeoutAndCallDeadlineAreReportedApart() {
        long start = System.nanoTime();
        Response response = aggregate(Map.of(
                "deadline", "700ms",
                "requests", List.of(
                        Map.of("id", "quick", "url", upstream.url("/json/q")),
                        Map.of("id", "timeout", "url", upstream.url("/json/t?delay=10000"), "timeout", "200ms"),
                        Map.of("id", "deadline", "url", upstream.url("/json/d?delay=10000")))));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        response.then()
                .statusCode(200)
                .header(AggregateResource.COMPLETED_HEADER, "false")
                .body("results[0].status", equalTo(200))
                .body("results[1].error.kind", equalTo("timeout"))
                .body("results[1].error.message", equalTo("no response within 200ms"))
                .body("results[2].error.kind", equalTo("deadline"));
        // Answered at the deadline, not when the 10 s upstream would have; the margin is for a busy machine.
        assertThat(tookMs).isBetween(650L, 5000L);
    }

    @Test
    void mergeCollectsJsonBodiesById() {
        aggregate(Map.of("merge", true, "requests", List.of(
                Map.of("id", "a", "url", upstream.url("/json/a")),
                Map.of("id", "b", "url", upstream.url("/json/b")),
                Map.of("id", "c", "url", upstream.url("/status/404")))))
                .then()
                .statusCode(200)
                .body("merged.a.path", equalTo("/json/a"))
                .body("merged.b.path", equalTo("/json/b"))
                .body("merged.c", nullValue());
    }

    @Test
    void streamEmitsOneNdjsonLinePerRequestInCompletionOrder() {
        String body = given()
                .contentType(ContentType.JSON)
                .body(Map.of("requests", List.of(
                        Map.of("id", "slow", "url", upstream.url("/json/s?delay=400")),
                        Map.of("id", "fast", "url", upstream.url("/json/f")))))
                .when().post("/api/aggregate/stream")
                .then()
                .statusCode(200)
                .contentType(startsWith("application/x-ndjson"))
                .extract().asString();

        String[] lines = body.strip().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).contains("\"id\":\"fast\"").contains("\"status\":200");
        assertThat(lines[1]).contains("\"id\":\"slow\"").contains("\"path\":\"/json/s\"");
    }

    @Test
    void metricsCountLatencyPerHostAndErrorsByKind() {
        aggregate(Map.of("requests", List.of(
                Map.of("url", upstream.url("/json/metered")),
                Map.of("url", upstream.url("/status/404"))))).then().statusCode(200);

        String host = "127.0.0.1:" + upstream.port();
        given().when().get("/q/metrics").then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString(
                        "updraft_aggregator_upstream_latency_seconds_count{host=\"" + host + "\"}"))
                .body(org.hamcrest.Matchers.containsString("updraft_aggregator_item_errors_total{kind=\"http\"}"))
                .body(org.hamcrest.Matchers.containsString("updraft_aggregator_queue_wait_seconds_bucket"))
                .body(org.hamcrest.Matchers.containsString("updraft_aggregator_cache_requests_total{outcome=\"miss\"}"))
                .body(org.hamcrest.Matchers.containsString("updraft_aggregator_inflight "));
    }

    @Test
    void sequentialCallsReuseAPooledKeepAliveConnection() {
        for (int i = 0; i < 5; i++) {
            aggregate(Map.of("requests", List.of(Map.of("url", upstream.url("/json/keepalive"))))).then()
                    .statusCode(200)
                    .body("results[0].status", equalTo(200));
        }
        assertThat(upstream.hits("/json/keepalive")).isEqualTo(5);
        // Without keep-alive each call would open its own connection.
        assertThat(upstream.connections()).isLessThanOrEqualTo(1);
    }

    @Test
    void aTimeoutLongerThanAnyDeadlineIsCappedNotLeftToOverflow() {
        // 999999999999d does not fit in milliseconds: it once left the exchange hanging until the deadline
        aggregate(Map.of("deadline", "10s", "requests", List.of(
                Map.of("url", upstream.url("/json/forever"), "timeout", "999999999999d")))).then()
                .statusCode(200)
                .header(AggregateResource.COMPLETED_HEADER, "true")
                .body("results[0].status", equalTo(200))
                .body("elapsedMs", lessThan(5000));
    }

    @Test
    void headersTheClientCannotSendAreRejectedBeforeTheyReachTheCircuitBreaker() {
        String url = upstream.url("/json/guarded");
        for (int i = 0; i < 6; i++) {
            aggregate(Map.of("requests", List.of(Map.of("url", url, "headers", Map.of("X-Test", "a\r\nX-Injected: b")))))
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("field", equalTo("requests[0].headers.X-Test"));
        }
        // the host's circuit (threshold 5) must not have counted the rejected calls
        aggregate(Map.of("requests", List.of(Map.of("url", url)))).then()
                .statusCode(200)
                .body("results[0].status", equalTo(200))
                .body("results[0].error", nullValue());
        assertThat(upstream.hits("/json/guarded")).isEqualTo(1);
    }
}
