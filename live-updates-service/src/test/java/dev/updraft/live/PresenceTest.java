package dev.updraft.live;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PresenceTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Inject
    Vertx vertx;

    @Test
    void joinLeaveAndPresenceOnAChatTopic() {
        String topic = "chat.presence";
        try (WsClient alice = WsClient.connect(vertx, ws, "alice")) {
            alice.subscribe(topic);
            assertThat(alice.next("join").path("member").path("user").asText()).isEqualTo("alice");
            String bobClient;
            try (WsClient bob = WsClient.connect(vertx, ws, "bob")) {
                bob.subscribe(topic);
                JsonNode join = alice.next("join");
                assertThat(join.path("topic").asText()).isEqualTo(topic);
                assertThat(join.path("member").path("user").asText()).isEqualTo("bob");
                bobClient = join.path("member").path("client").asText();
                assertThat(bobClient).startsWith("c-");

                bob.next("join");
                bob.send("{\"type\":\"presence\",\"topic\":\"" + topic + "\",\"id\":\"p\"}");
                JsonNode presence = bob.next("presence");
                assertThat(presence.path("ref").asText()).isEqualTo("p");
                assertThat(presence.path("members").findValuesAsText("user")).containsExactlyInAnyOrder("alice", "bob");

                given().when().get("/api/topics/" + topic + "/presence")
                        .then().statusCode(200)
                        .body("topic", equalTo(topic))
                        .body("members.user", containsInAnyOrder("alice", "bob"));
            }
            JsonNode leave = alice.next("leave");
            assertThat(leave.path("member").path("client").asText()).isEqualTo(bobClient);
            Awaitility.await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                    given().when().get("/api/topics/" + topic + "/presence")
                            .then().body("members.user", containsInAnyOrder("alice")));
        }
    }

    @Test
    void topicsOutsideTheJoinLeavePatternsGetNoJoinFramesButHavePresence() throws Exception {
        try (WsClient carol = WsClient.connect(vertx, ws, "carol")) {
            carol.subscribe("news.quiet-presence");
            carol.send("{\"type\":\"presence\",\"topic\":\"news.quiet-presence\"}");
            JsonNode presence = carol.next("presence");
            assertThat(presence.path("members").findValuesAsText("user")).containsExactly("carol");
            carol.expectSilence(150);
        }
    }
}
