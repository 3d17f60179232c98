package dev.updraft.scheduler.auth;

import static io.restassured.RestAssured.given;

import dev.updraft.scheduler.support.FakeServicesResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(Es256AuthProfile.class)
@WithTestResource(FakeServicesResource.class)
class Es256AuthTest {

    @Test
    void es256TokenDecidesByItsGroups() throws Exception {
        given().auth().oauth2(TestTokens.es256("scheduler-admin")).when().get("/api/jobs").then().statusCode(200);
        given().auth().oauth2(TestTokens.es256("aggregator")).when().get("/api/jobs").then().statusCode(403);
        given().auth().oauth2(TestTokens.hs256("scheduler-admin")).when().get("/api/jobs").then().statusCode(401);
    }
}
