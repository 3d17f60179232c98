package dev.updraft.live.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import dev.updraft.live.SseClient;
import dev.updraft.live.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(HmacAuthProfile.class)
class HmacAuthTest {

    private static final List<String> NONE = List.of();
    private static final List<String> ROOMS = List.of("room.*");

    @TestHTTPResource("/ws")
    URI ws;

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    @Test
    void upgradeWithoutOrWithABadTokenIs401ProblemJson() throws Exception {
        String forged = TestTokens.claims("eve", ROOMS, ROOMS).signWithSecret("another-secret-of-at-least-32-bytes!!");
        String expired = TestTokens.claims("eve", ROOMS, ROOMS).issuedAt(1_000).expiresAt(2_000)
                .signWithSecret(TestTokens.SECRET);
        for (String query : List.of("", "?access_token=" + forged, "?access_token=" + expired, "?access_token=x.y.z")) {
            UpgradeRejectedException refused = refusedUpgrade(query);
            assertThat(refused.getStatus()).isEqualTo(401);
            JsonNode problem = WsClient.JSON.readTree(refused.getBody().toString());
            assertThat(problem.path("status").asInt()).isEqualTo(401);
            assertThat(problem.path("instance").asText()).isEqualTo("/ws");
            assertThat(problem.path("detail").asText()).contains(query.isEmpty() ? "access_token" : "refused");
        }
    }

    @Test
    void accessTokenQueryParameterUpgradesAndSubNamesTheUser() {
        String alice = TestTokens.hs256("alice", ROOMS, ROOMS);
        try (WsClient client = WsClient.connect(vertx, ws, "user=mallory&access_token=" + alice, Map.of())) {
            client.subscribe("room.auth-query");
            client.send("{\"type\":\"publish\",\"topic\":\"room.auth-query\",\"data\":{\"n\":1},\"id\":\"p\"}");
            assertThat(client.next("ack").path("ref").asText()).isEqualTo("p");
            JsonNode event = client.next("event");
            assertThat(event.path("from").asText()).isEqualTo("alice");
            client.send("{\"type\":\"presence\",\"topic\":\"room.auth-query\",\"id\":\"who\"}");
            assertThat(client.next("presence").path("members").findValuesAsText("user")).containsExactly("alice");
        }
    }

    @Test
    void framesOutsideTheTokensPatternsGetForbiddenAndTheConnectionStaysOpen() {
        String reader = TestTokens.hs256("reader", List.of("news.*"), NONE);
        try (WsClient client = WsClient.connect(vertx, ws, "access_token=" + reader, Map.of())) {
            client.send("{\"type\":\"subscribe\",\"topic\":\"room.secret\",\"id\":\"s1\"}");
            JsonNode error = client.next("error");
            assertThat(error.path("code").asText()).isEqualTo("forbidden");
            assertThat(error.path("ref").asText()).isEqualTo("s1");
            assertThat(error.path("message").asText()).contains("subscribe claim").contains("room.secret");

            client.send("{\"type\":\"publish\",\"topic\":\"news.today\",\"data\":1,\"id\":\"p1\"}");
            JsonNode publishError = client.next("error");
            assertThat(publishError.path("code").asText()).isEqualTo("forbidden");
            assertThat(publishError.path("message").asText()).contains("publish claim");

            client.send("{\"type\":\"presence\",\"topic\":\"room.secret\",\"id\":\"q1\"}");
            assertThat(client.next("error").path("code").asText()).isEqualTo("forbidden");

            assertThat(client.subscribe("news.today").path("type").asText()).isEqualTo("subscribed");
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void bearerHeaderUpgradeIsClosedWith4001WhenTheTokenExpires() {
        long expiresAt = System.currentTimeMillis() / 1000 + 3;
        String shortLived = TestTokens.claims("brief", ROOMS, NONE).expiresAt(expiresAt)
                .signWithSecret(TestTokens.SECRET);
        try (WsClient client = WsClient.connect(vertx, ws, null, Map.of("Authorization", "Bearer " + shortLived))) {
            client.subscribe("room.expiring");
            assertThat(client.closeCode(8)).isEqualTo((short) 4001);
            assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(expiresAt * 1000);
        }
    }

    @Test
    void httpPublishNeedsThePublisherGroupAndAMatchingPattern() {
        given().contentType(ContentType.JSON).body("{\"n\":1}").when().post("/api/topics/room.http/events").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401));
        given().auth().oauth2(TestTokens.hs256("bob", ROOMS, ROOMS)).contentType(ContentType.JSON).body("{\"n\":1}")
                .when().post("/api/topics/room.http/events").then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("'publisher'"));
        given().auth().oauth2(TestTokens.hs256("bob", ROOMS, List.of("news.*"), "publisher"))
                .contentType(ContentType.JSON).body("{\"n\":1}")
                .when().post("/api/topics/room.http/events").then()
                .statusCode(403)
                .body("detail", containsString("publish claim"));
        given().auth().oauth2(TestTokens.hs256("svc", NONE, ROOMS, "publisher"))
                .contentType(ContentType.JSON).body("{\"n\":1}")
                .when().post("/api/topics/room.http/events?user=someone-else").then()
                .statusCode(201)
                .body("topic", equalTo("room.http"));
        given().auth().oauth2(TestTokens.hs256("reader", ROOMS, NONE))
                .when().get("/api/topics/room.http/events?since=0").then()
                .statusCode(200)
                .body("events[0].from", equalTo("svc"));
    }

    @Test
    void readsNeedASubscribePatternAndTheTopicListShowsOnlyMatchingTopics() {
        String publisher = TestTokens.hs256("svc", NONE, List.of("*"), "publisher");
        for (String topic : List.of("room.listed", "ops.hidden")) {
            given().auth().oauth2(publisher).contentType(ContentType.JSON).body("1")
                    .when().post("/api/topics/" + topic + "/events").then().statusCode(201);
        }
        String chatReader = TestTokens.hs256("reader", ROOMS, NONE);
        given().when().get("/api/topics").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(chatReader).when().get("/api/topics").then()
                .statusCode(200)
                .body("topic", hasItem("room.listed"))
                .body("topic", not(hasItem("ops.hidden")));
        given().auth().oauth2(chatReader).when().get("/api/topics/ops.hidden/events?since=0").then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("subscribe claim"));
        given().auth().oauth2(chatReader).when().get("/api/topics/ops.hidden/presence").then().statusCode(403);
        given().queryParam("access_token", chatReader).when().get("/api/topics/room.listed/presence").then()
                .statusCode(200)
                .body("topic", equalTo("room.listed"));
    }

    @Test
    void sseTakesTheAccessTokenQueryParameter() {
        String reader = TestTokens.hs256("reader", ROOMS, NONE);
        given().when().get("/sse/topics/room.sse").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        given().queryParam("access_token", reader).when().get("/sse/topics/ops.sse").then()
                .statusCode(403)
                .contentType("application/problem+json");
        try (SseClient sse = SseClient.open(vertx, base, "/sse/topics/room.sse?access_token=" + reader, null)) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.next().get("event")).isEqualTo("subscribed");
        }
    }

    @Test
    void theDashboardPageStaysPublic() {
        given().when().get("/").then().statusCode(200).contentType(containsString("text/html"));
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    private UpgradeRejectedException refusedUpgrade(String query) throws Exception {
        var client = vertx.createWebSocketClient();
        try {
            var connecting = client.connect(new WebSocketConnectOptions().setHost(ws.getHost()).setPort(ws.getPort())
                    .setURI("/ws" + query)).toCompletionStage().toCompletableFuture();
            assertThatThrownBy(() -> connecting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(UpgradeRejectedException.class);
            return (UpgradeRejectedException) connecting.handle((ok, failure) -> failure).get(5, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
    }
}
