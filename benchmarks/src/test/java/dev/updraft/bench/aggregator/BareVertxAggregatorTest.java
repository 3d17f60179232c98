package dev.updraft.bench.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.updraft.bench.http.LoadClient;
import dev.updraft.model.ModelJson;
import io.vertx.core.Vertx;

class BareVertxAggregatorTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void answersTheServiceShapeAndKeepsFailuresPerItem() throws Exception {
        try (Upstream upstream = Upstream.start(vertx, 20)) {
            int port = freePort();
            BareVertxAggregator.deploy(vertx, port, 2).toCompletionStage().toCompletableFuture().join();
            try (LoadClient client = new LoadClient(vertx, port, 2)) {
                String good = AggregateCheck.body("http://127.0.0.1:" + upstream.port() + "/slow/", 20, 1);
                LoadClient.Response r = client.post("/api/aggregate", good).toCompletionStage().toCompletableFuture().get();
                assertThat(AggregateCheck.complete(r.status(), r.body().toString(), 20)).isTrue();
                JsonNode first = ModelJson.newMapper().readTree(r.body().toString()).path("results").get(0);
                assertThat(first.path("id").asText()).isEqualTo("r0");
                assertThat(first.path("body").path("ok").asBoolean()).isTrue();
                assertThat(first.path("sha256").asText()).hasSize(64);

                String refused = "{\"requests\":[{\"id\":\"a\",\"url\":\"http://127.0.0.1:" + upstream.port()
                        + "/fast/1\"},{\"id\":\"b\",\"url\":\"http://127.0.0.1:" + freePort() + "/\"}]}";
                r = client.post("/api/aggregate", refused).toCompletionStage().toCompletableFuture().get();
                JsonNode answer = ModelJson.newMapper().readTree(r.body().toString());
                assertThat(answer.path("completed").asBoolean()).isFalse();
                assertThat(answer.path("results").get(0).path("status").asInt()).isEqualTo(200);
                assertThat(answer.path("results").get(1).path("error").path("kind").asText()).isEqualTo("connect");
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
