package dev.updraft.aggregator.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(Es256AuthProfile.class)
class Es256AuthTest {

    @Test
    void es256TokenFromTheKeyPairIsAccepted() throws Exception {
        given().auth().oauth2(TestTokens.es256("aggregator"))
                .when().get("/api/aggregations/no-such-aggregation").then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void hs256TokenIsRefusedWhenOnlyThePublicKeyIsConfigured() {
        given().auth().oauth2(TestTokens.hs256("aggregator"))
                .when().get("/api/aggregations/no-such-aggregation").then()
                .statusCode(401)
                .body("status", equalTo(401));
    }

    @Test
    void es256TokenWithoutTheGroupIs403() throws Exception {
        given().auth().oauth2(TestTokens.es256("publisher"))
                .when().get("/api/aggregations/no-such-aggregation").then()
                .statusCode(403);
    }
}
