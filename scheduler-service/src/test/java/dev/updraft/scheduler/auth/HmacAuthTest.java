package dev.updraft.scheduler.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.updraft.scheduler.support.FakeServices;
import dev.updraft.scheduler.support.FakeServicesResource;
import dev.updraft.scheduler.support.InjectFakes;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(HmacAuthProfile.class)
@WithTestResource(FakeServicesResource.class)
class HmacAuthTest {

    @InjectFakes
    FakeServices fakes;

    @Inject
    JWTParser parser;

    @Test
    void jobApiWithoutTokenIs401ProblemJson() {
        given().when().get("/api/jobs").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401))
                .body("instance", equalTo("/api/jobs"));
        given().auth().oauth2("not-a-jwt").when().post("/api/jobs/platform-status/trigger").then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("invalid_token"));
    }

    @Test
    void jobApiWithoutTheSchedulerAdminGroupIs403() {
        given().auth().oauth2(TestTokens.hs256("aggregator", "publisher")).when().get("/api/jobs").then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("'scheduler-admin'"));
    }

    @Test
    void jobApiWithTheSchedulerAdminGroupAnswers() {
        given().auth().oauth2(TestTokens.hs256("scheduler-admin")).when().get("/api/jobs/platform-status").then()
                .statusCode(200)
                .body("id", equalTo("platform-status"));
    }

    @Test
    void healthAndMetricsStayOpen() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }

    /** The built-in job (every 500 ms here) calls both services with a token the platform's secret verifies. */
    @Test
    void callsToTheAggregatorAndLiveUpdatesCarryASignedServiceToken() throws Exception {
        await().atMost(10, TimeUnit.SECONDS).until(() -> fakes.lastAuthorization("aggregator") != null
                && fakes.lastAuthorization("live-updates") != null);
        for (String service : List.of("aggregator", "live-updates")) {
            String header = fakes.lastAuthorization(service);
            assertThat(header).startsWith("Bearer ");
            JsonWebToken token = parser.parse(header.substring("Bearer ".length()));
            assertThat(token.getSubject()).isEqualTo("scheduler-service");
            assertThat(token.getGroups()).containsExactlyInAnyOrder("aggregator", "publisher");
            assertThat(token.<Object>getClaim("publish").toString()).contains("\"*\"");
            assertThat(token.getExpirationTime() - token.getIssuedAtTime()).isEqualTo(300);
        }
    }
}
