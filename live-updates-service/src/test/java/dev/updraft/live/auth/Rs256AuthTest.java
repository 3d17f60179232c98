package dev.updraft.live.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.updraft.live.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(Rs256AuthProfile.class)
class Rs256AuthTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Inject
    Vertx vertx;

    @Test
    void rs256TokenFromTheKeyPairOpensTheSocketAndItsPatternsApply() throws Exception {
        String token = TestTokens.rs256("carol", List.of("room.*"), List.of("room.*"));
        try (WsClient client = WsClient.connect(vertx, ws, null, Map.of("Authorization", "Bearer " + token))) {
            client.subscribe("room.rsa");
            client.send("{\"type\":\"publish\",\"topic\":\"room.rsa\",\"data\":\"hi\",\"id\":\"p\"}");
            assertThat(client.next("ack").path("ref").asText()).isEqualTo("p");
            JsonNode event = client.next("event");
            assertThat(event.path("from").asText()).isEqualTo("carol");
            client.send("{\"type\":\"subscribe\",\"topic\":\"ops.rsa\",\"id\":\"s\"}");
            assertThat(client.next("error").path("code").asText()).isEqualTo("forbidden");
        }
    }

    @Test
    void hs256TokenIsRefusedWhenOnlyThePublicKeyIsConfigured() {
        String token = TestTokens.hs256("mallory", List.of("*"), List.of("*"));
        given().auth().oauth2(token).when().get("/api/topics").then().statusCode(401);
    }
}
