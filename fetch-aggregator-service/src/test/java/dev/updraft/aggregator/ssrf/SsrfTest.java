package dev.updraft.aggregator.ssrf;

import static dev.updraft.aggregator.Calls.aggregate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.updraft.aggregator.StrictProfile;
import dev.updraft.aggregator.UpstreamServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile URLs all come back {@code blocked}, and the test server (listening on 127.0.0.1, i.e. exactly
 * what most of them denote) proves by its own counters that none of them reached it.
 */
@QuarkusTest
@TestProfile(StrictProfile.class)
class SsrfTest {

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

    static List<String> hostileUrls(int port) {
        String p = ":" + port;
        return List.of(
                "http://127.0.0.1" + p + "/secret",
                "http://127.1" + p + "/secret",
                "http://127.0.1" + p + "/secret",
                "http://2130706433" + p + "/secret",
                "http://0177.0.0.1" + p + "/secret",
                "http://0177.00.00.01" + p + "/secret",
                "http://017700000001" + p + "/secret",
                "http://0x7f.0.0.1" + p + "/secret",
                "http://0x7f000001" + p + "/secret",
                "http://0x7F.1" + p + "/secret",
                "http://127.000.000.001" + p + "/secret",
                "http://127.0.0.1." + p + "/secret",
                "http://[::1]" + p + "/secret",
                "http://[0:0:0:0:0:0:0:1]" + p + "/secret",
                "http://[::ffff:127.0.0.1]" + p + "/secret",
                "http://[::ffff:7f00:1]" + p + "/secret",
                "http://[::127.0.0.1]" + p + "/secret",
                "http://[64:ff9b::7f00:1]" + p + "/secret",
                "http://[2002:7f00:1::1]" + p + "/secret",
                "http://0.0.0.0" + p + "/secret",
                "http://0" + p + "/secret",
                "http://[::]" + p + "/secret",
                "http://169.254.169.254/latest/meta-data/",
                "http://[::ffff:169.254.169.254]/latest/meta-data/",
                "http://2852039166/latest/meta-data/",
                "http://10.0.0.1/",
                "http://172.16.5.4/",
                "http://192.168.1.1/",
                "http://100.64.0.1/",
                "http://[fd00::1]/",
                "http://[fe80::1]/",
                "http://224.0.0.1/",
                "http://[ff02::1]/",
                "http://255.255.255.255/",
                "http://0x100000000/",
                "https://127.0.0.1" + p + "/secret",
                upstreamRedirect(port, "http://127.0.0.1" + p + "/secret"),
                upstreamRedirect(port, "http://169.254.169.254/latest/meta-data/"),
                upstreamRedirect(port, "http://[::1]" + p + "/secret"));
    }

    private static String upstreamRedirect(int port, String to) {
        return "http://localhost:" + port + "/redirect?to=" + java.net.URLEncoder.encode(to,
                java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void everyHostileUrlIsBlockedAndNothingReachesTheDeniedAddress() {
        List<String> urls = hostileUrls(upstream.port());
        assertThat(urls).hasSizeGreaterThanOrEqualTo(25);
        List<Map<String, Object>> requests = new ArrayList<>();
        for (String url : urls) {
            requests.add(Map.of("url", url, "timeout", "2s"));
        }

        Response response = aggregate(Map.of("requests", requests, "deadline", "10s"));

        response.then().statusCode(200).body("completed", equalTo(false));
        List<Map<String, Object>> results = response.jsonPath().getList("results");
        for (int i = 0; i < urls.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> error = (Map<String, Object>) results.get(i).get("error");
            assertThat(error).as(urls.get(i)).isNotNull();
            assertThat(error.get("kind")).as(urls.get(i) + ": " + error.get("message")).isEqualTo("blocked");
        }
        // Only the three allowlisted redirect origins were served; the denied targets never were.
        assertThat(upstream.hits("/secret")).isZero();
        assertThat(upstream.hits("/redirect")).isEqualTo(3);
        assertThat(upstream.totalHits()).isEqualTo(3);
    }

    @Test
    void blockedItemsSayWhy() {
        aggregate(Map.of("requests", List.of(Map.of("url", "http://0x7f.1:" + upstream.port() + "/secret")))).then()
                .statusCode(200)
                .body("results[0].error.kind", equalTo("blocked"))
                .body("results[0].error.message", containsString("127.0.0.1"))
                .body("results[0].error.message", containsString("loopback"));
        assertThat(upstream.connections()).isZero();
    }

    @Test
    void allowlistedLoopbackHostWorks() {
        aggregate(Map.of("requests", List.of(Map.of("url", upstream.localhostUrl("/json/allowed"))))).then()
                .statusCode(200)
                .body("results[0].status", equalTo(200))
                .body("results[0].body.path", equalTo("/json/allowed"))
                // The socket went to the checked address; the name travelled only as the Host header.
                .body("results[0].body.host", equalTo("localhost:" + upstream.port()));
        assertThat(upstream.hits("/json/allowed")).isEqualTo(1);
    }
}
