package dev.updraft.live.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.updraft.live.HttpPublisher;
import dev.updraft.live.SseClient;
import dev.updraft.live.WsClient;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two replicas of the packaged service on one Redis ({@code -Pcluster}; {@code UPDRAFT_REDIS_URL} or
 * localhost:6379), their keys under a prefix of their own so that runs never collide: events published on one
 * are delivered on the other in order, offsets stay gap-free under publishers on both, recovery works across
 * replicas (WebSocket, SSE, long-poll), lost history gives a new epoch and {@code recovered:false}, presence is
 * shared, and a replica that loses Redis reports DOWN, then catches up when Redis is back.
 */
@EnabledIfSystemProperty(named = "updraft.cluster", matches = "true")
class ClusterIT {

    private static final String PREFIX = "updraft-it-" + Long.toHexString(System.nanoTime()) + ":";
    private static final URI REDIS = URI.create(System.getenv().getOrDefault("UPDRAFT_REDIS_URL", "redis://localhost:6379"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Vertx vertx;
    private static Redis admin;
    private static PackagedLive a;
    private static PackagedLive b;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        admin = Redis.createClient(vertx, REDIS.toString());
        a = replica("a", REDIS.toString());
        b = replica("b", REDIS.toString());
        awaitReadiness(a, 200);
        awaitReadiness(b, 200);
    }

    @AfterAll
    static void stop() throws Exception {
        for (PackagedLive replica : new PackagedLive[] {a, b}) {
            if (replica != null) {
                replica.close();
            }
        }
        Response keys = redis(Request.cmd(Command.KEYS).arg(PREFIX + "*"));
        if (keys.size() > 0) {
            Request del = Request.cmd(Command.DEL);
            keys.forEach(k -> del.arg(k.toString()));
            redis(del);
        }
        admin.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void publishedOnOneReplicaIsDeliveredOnTheOtherInOrder() {
        try (WsClient subscriber = WsClient.connect(vertx, b.ws(), "sub");
                WsClient publisher = WsClient.connect(vertx, a.ws(), "pub")) {
            String epoch = subscriber.subscribe("order").path("epoch").asText();
            for (int i = 1; i <= 40; i++) {
                publisher.send(publish("order", "{\"n\":" + i + "}", "p" + i));
            }
            for (int i = 1; i <= 40; i++) {
                JsonNode ack = publisher.next("ack");
                assertThat(ack.path("ref").asText()).isEqualTo("p" + i);
                assertThat(ack.path("offset").asLong()).as("offsets follow the publisher's order").isEqualTo(i);
            }
            List<JsonNode> events = subscriber.events(40);
            assertThat(events).extracting(e -> e.path("offset").asLong()).containsExactlyElementsOf(range(1, 40));
            assertThat(events).extracting(e -> e.path("data").path("n").asLong()).containsExactlyElementsOf(range(1, 40));
            assertThat(events).allSatisfy(e -> {
                assertThat(e.path("epoch").asText()).isEqualTo(epoch);
                assertThat(e.path("from").asText()).isEqualTo("pub");
            });
        }
    }

    @Test
    void offsetsStayGapFreeUnderPublishersOnBothReplicas() throws Exception {
        int perPublisher = 80; // WebSocket publishers stay within the default burst of 100
        try (WsClient onA = WsClient.connect(vertx, a.ws(), "sa");
                WsClient onB = WsClient.connect(vertx, b.ws(), "sb");
                WsClient pa1 = WsClient.connect(vertx, a.ws(), "pa1");
                WsClient pa2 = WsClient.connect(vertx, a.ws(), "pa2");
                WsClient pb1 = WsClient.connect(vertx, b.ws(), "pb1");
                WsClient pb2 = WsClient.connect(vertx, b.ws(), "pb2")) {
            onA.subscribe("storm");
            onB.subscribe("storm");
            List<CompletableFuture<Void>> publishers = new ArrayList<>();
            for (WsClient p : List.of(pa1, pa2, pb1, pb2)) {
                publishers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perPublisher; i++) {
                        p.send(publish("storm", "{\"p\":\"" + p.hashCode() + "\",\"seq\":" + i + "}", "x" + i));
                    }
                }));
            }
            for (PackagedLive replica : List.of(a, b)) {
                publishers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perPublisher; i++) {
                        HttpPublisher.publish(replica.http(), "storm", "{\"p\":\"http-" + replica.http().getPort()
                                + "\",\"seq\":" + i + "}");
                    }
                }, runnable -> new Thread(runnable).start()));
            }
            int total = 6 * perPublisher;
            // a subscriber that joins mid-storm with since=0 gets the replay, then live, without gap or duplicate
            Thread.sleep(50);
            try (WsClient late = WsClient.connect(vertx, b.ws(), "late")) {
                late.send("{\"type\":\"subscribe\",\"topic\":\"storm\",\"since\":0,\"id\":\"l\"}");
                assertThat(late.next("subscribed").path("recovered").asBoolean()).isTrue();
                CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                for (WsClient subscriber : List.of(onA, onB, late)) {
                    List<JsonNode> events = subscriber.events(total);
                    assertThat(events).extracting(e -> e.path("offset").asLong())
                            .as("every offset once, in order").containsExactlyElementsOf(range(1, total));
                    Map<String, Long> lastSeq = new HashMap<>();
                    for (JsonNode e : events) {
                        String p = e.path("data").path("p").asText();
                        long seq = e.path("data").path("seq").asLong();
                        assertThat(seq).as("publisher %s in its order", p).isEqualTo(lastSeq.getOrDefault(p, -1L) + 1);
                        lastSeq.put(p, seq);
                    }
                    assertThat(lastSeq).hasSize(6).allSatisfy((p, seq) -> assertThat(seq).isEqualTo(perPublisher - 1));
                    subscriber.expectSilence(200);
                }
            }
            for (WsClient p : List.of(pa1, pa2, pb1, pb2)) {
                long previous = 0;
                for (int i = 0; i < perPublisher; i++) {
                    long offset = p.next("ack").path("offset").asLong();
                    assertThat(offset).as("acks in the publisher's order").isGreaterThan(previous);
                    previous = offset;
                }
            }
        }
    }

    @Test
    void recoveryWorksAcrossReplicas() throws Exception {
        String epoch;
        try (WsClient first = WsClient.connect(vertx, a.ws(), "r")) {
            epoch = first.subscribe("recover").path("epoch").asText();
            for (int i = 1; i <= 5; i++) {
                HttpPublisher.publish(a.http(), "recover", "{\"n\":" + i + "}");
            }
            assertThat(first.events(5)).extracting(e -> e.path("offset").asLong()).containsExactlyElementsOf(range(1, 5));
        }
        for (int i = 6; i <= 15; i++) {
            HttpPublisher.publish(b.http(), "recover", "{\"n\":" + i + "}");
        }
        try (WsClient again = WsClient.connect(vertx, b.ws(), "r")) {
            again.send("{\"type\":\"subscribe\",\"topic\":\"recover\",\"since\":5,\"epoch\":\"" + epoch + "\",\"id\":\"2\"}");
            JsonNode subscribed = again.next("subscribed");
            assertThat(subscribed.path("recovered").asBoolean()).isTrue();
            assertThat(subscribed.path("offset").asLong()).isEqualTo(15);
            assertThat(again.events(10)).extracting(e -> e.path("offset").asLong()).containsExactlyElementsOf(range(6, 15));
            assertThat(HttpPublisher.publish(a.http(), "recover", "{\"n\":16}")).isEqualTo(16);
            assertThat(again.next("event").path("offset").asLong()).isEqualTo(16);
        }

        // SSE on B with Last-Event-ID, live events published on A
        try (SseClient sse = SseClient.open(vertx, b.http(), "/sse/topics/recover", "12")) {
            JsonNode subscribed = WsClient.JSON.readTree(sse.next().get("data"));
            assertThat(subscribed.path("recovered").asBoolean()).isTrue();
            for (long offset = 13; offset <= 16; offset++) {
                assertThat(sse.next().get("id")).isEqualTo(Long.toString(offset));
            }
            HttpPublisher.publish(a.http(), "recover", "{\"n\":17}");
            assertThat(sse.next().get("id")).isEqualTo("17");
        }

        // a long-poll on B returns on an event published on A
        CompletableFuture<HttpResponse<String>> poll = HTTP.sendAsync(HttpRequest.newBuilder(
                b.http().resolve("/api/topics/recover/events?since=17&wait=20s")).build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);
        assertThat(poll).isNotDone();
        long started = System.nanoTime();
        HttpPublisher.publish(a.http(), "recover", "{\"n\":18}");
        JsonNode page = WsClient.JSON.readTree(poll.get(5, TimeUnit.SECONDS).body());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(page.path("events")).extracting(e -> e.path("offset").asLong()).containsExactly(18L);
    }

    @Test
    void lostHistoryChangesTheEpochAndIsNotRecovered() throws Exception {
        String oldEpoch;
        try (WsClient live = WsClient.connect(vertx, b.ws(), "live")) {
            oldEpoch = live.subscribe("lost").path("epoch").asText();
            for (int i = 1; i <= 3; i++) {
                HttpPublisher.publish(a.http(), "lost", "{\"n\":" + i + "}");
            }
            live.events(3);
            // what a Redis flush, or the topic's keys expiring, does to the topic
            redis(Request.cmd(Command.DEL).arg(PREFIX + "{lost}:meta").arg(PREFIX + "{lost}:log"));
            assertThat(HttpPublisher.publish(a.http(), "lost", "{\"n\":\"new\"}")).isEqualTo(1);
            JsonNode notice = live.next("subscribed");
            assertThat(notice.path("recovered").asBoolean()).as("the live subscriber is told").isFalse();
            assertThat(notice.path("epoch").asText()).isNotEqualTo(oldEpoch);
            JsonNode event = live.next("event");
            assertThat(event.path("offset").asLong()).isEqualTo(1);
            assertThat(event.path("epoch").asText()).isEqualTo(notice.path("epoch").asText());
        }
        try (WsClient late = WsClient.connect(vertx, a.ws(), "late")) {
            late.send("{\"type\":\"subscribe\",\"topic\":\"lost\",\"since\":3,\"epoch\":\"" + oldEpoch + "\",\"id\":\"s\"}");
            JsonNode subscribed = late.next("subscribed");
            assertThat(subscribed.path("recovered").asBoolean()).isFalse();
            assertThat(subscribed.path("epoch").asText()).isNotEqualTo(oldEpoch);
            assertThat(late.next("event").path("data").path("n").asText()).as("all of the new epoch").isEqualTo("new");
            late.send("{\"type\":\"subscribe\",\"topic\":\"lost.other\",\"since\":7,\"id\":\"t\"}");
            assertThat(late.next("subscribed").path("recovered").asBoolean()).as("beyond the last offset").isFalse();
        }
    }

    @Test
    void presenceIsSharedByTheReplicas() throws Exception {
        try (WsClient alice = WsClient.connect(vertx, a.ws(), "alice")) {
            alice.subscribe("chat.room");
            assertThat(alice.next("join").path("member").path("user").asText()).isEqualTo("alice");
            String bobClient;
            try (WsClient bob = WsClient.connect(vertx, b.ws(), "bob")) {
                bob.subscribe("chat.room");
                assertThat(bob.next("join").path("member").path("user").asText()).isEqualTo("bob");
                JsonNode join = alice.next("join");
                assertThat(join.path("member").path("user").asText()).isEqualTo("bob");
                bobClient = join.path("member").path("client").asText();
                for (PackagedLive replica : List.of(a, b)) {
                    JsonNode members = get(replica, "/api/topics/chat.room/presence").path("members");
                    assertThat(members).extracting(m -> m.path("user").asText()).containsExactlyInAnyOrder("alice", "bob");
                    assertThat(members).extracting(m -> m.path("client").asText()).doesNotHaveDuplicates();
                }
                alice.send("{\"type\":\"presence\",\"topic\":\"chat.room\",\"id\":\"q\"}");
                assertThat(alice.next("presence").path("members")).hasSize(2);
            }
            JsonNode leave = alice.next("leave");
            assertThat(leave.path("member").path("client").asText()).isEqualTo(bobClient);
            assertThat(get(b, "/api/topics/chat.room/presence").path("members"))
                    .extracting(m -> m.path("user").asText()).containsExactly("alice");
            JsonNode topics = get(b, "/api/topics");
            assertThat(topics).filteredOn(t -> t.path("topic").asText().equals("chat.room"))
                    .singleElement().satisfies(t -> assertThat(t.path("subscribers").asInt()).isEqualTo(1));
        }
    }

    @Test
    void aReplicaWithoutRedisIsNotReadyAndCatchesUpWhenRedisReturns() throws Exception {
        try (RedisProxy proxy = new RedisProxy(vertx, REDIS.getHost(), REDIS.getPort() > 0 ? REDIS.getPort() : 6379).open()) {
            proxy.cut();
            try (PackagedLive c = replica("c", proxy.url())) {
                awaitReadiness(c, 503); // started without Redis
                proxy.open();
                awaitReadiness(c, 200);
                try (WsClient subscriber = WsClient.connect(vertx, c.ws(), "outage")) {
                    subscriber.subscribe("outage");
                    HttpPublisher.publish(a.http(), "outage", "{\"n\":1}");
                    assertThat(subscriber.next("event").path("offset").asLong()).isEqualTo(1);

                    proxy.cut();
                    awaitReadiness(c, 503);
                    HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(c.http().resolve("/api/topics/outage/events"))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(refused.statusCode()).isEqualTo(503);
                    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                    for (int i = 2; i <= 4; i++) {
                        HttpPublisher.publish(a.http(), "outage", "{\"n\":" + i + "}"); // missed by c's pub/sub
                    }

                    proxy.open();
                    awaitReadiness(c, 200);
                    assertThat(subscriber.events(3)).extracting(e -> e.path("offset").asLong())
                            .as("caught up from the stream after the reconnect").containsExactly(2L, 3L, 4L);
                    assertThat(HttpPublisher.publish(c.http(), "outage", "{\"n\":5}")).isEqualTo(5);
                    assertThat(subscriber.next("event").path("offset").asLong()).isEqualTo(5);
                }
            }
        }
    }

    private static PackagedLive replica(String name, String redisUrl) throws Exception {
        return PackagedLive.start(name, Map.of(
                "updraft.live.engine", "redis",
                "updraft.live.redis.key-prefix", PREFIX,
                "updraft.live.redis.heartbeat", "250ms",
                "quarkus.redis.hosts", redisUrl));
    }

    private static void awaitReadiness(PackagedLive replica, int status) {
        await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() -> {
            try {
                return HTTP.send(HttpRequest.newBuilder(replica.http().resolve("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == status;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static JsonNode get(PackagedLive replica, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(replica.http().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return WsClient.JSON.readTree(response.body());
    }

    private static String publish(String topic, String data, String id) {
        return "{\"type\":\"publish\",\"topic\":\"" + topic + "\",\"data\":" + data + ",\"id\":\"" + id + "\"}";
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static Response redis(Request request) throws Exception {
        return admin.send(request).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
