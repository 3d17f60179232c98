package dev.updraft.aggregator.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.updraft.aggregator.UpstreamServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(HmacAuthProfile.class)
class HmacAuthTest {

    static UpstreamServer upstream;

    @BeforeAll
    static void startUpstream() {
        upstream = UpstreamServer.start();
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    @Test
    void noTokenIs401ProblemJsonWithAChallenge() {
        call(given()).then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401))
                .body("detail", containsString("Authorization: Bearer"))
                .body("instance", equalTo("/api/aggregate"));
        given().when().get("/api/aggregations/platform").then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void forgedExpiredOrMalformedTokensAre401() {
        String forged = TestTokens.claims("aggregator").signWithSecret("another-secret-of-at-least-32-bytes!!");
        String expired = TestTokens.claims("aggregator").issuedAt(1_000).expiresAt(2_000).signWithSecret(TestTokens.SECRET);
        for (String token : List.of(forged, expired, "not-a-jwt")) {
            call(given().auth().oauth2(token)).then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", containsString("invalid_token"))
                    .body("detail", containsString("refused"));
        }
    }

    @Test
    void tokenWithoutTheAggregatorGroupIs403() {
        call(given().auth().oauth2(TestTokens.hs256("publisher", "scheduler-admin"))).then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403))
                .body("detail", containsString("'aggregator'"));
    }

    @Test
    void tokenWithTheAggregatorGroupRunsTheCall() {
        call(given().auth().oauth2(TestTokens.hs256("aggregator"))).then()
                .statusCode(200)
                .body("completed", equalTo(true))
                .body("results[0].status", equalTo(200))
                .body("results[0].body.path", equalTo("/json/auth"));
    }

    @Test
    void healthMetricsAndOpenApiStayOpen() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200);
    }

    private static io.restassured.response.Response call(RequestSpecification request) {
        return request.contentType(ContentType.JSON)
                .body(Map.of("requests", List.of(Map.of("id", "a", "url", upstream.url("/json/auth")))))
                .when().post("/api/aggregate");
    }
}
