package dev.updraft.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Publishes over HTTP from any thread (REST Assured is not meant for concurrent use). */
public final class HttpPublisher {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpPublisher() {
    }

    /** Publishes {@code json} and returns the assigned offset. */
    public static long publish(URI base, String topic, String json) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/topics/" + topic + "/events"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            JsonNode body = WsClient.JSON.readTree(response.body());
            return body.path("offset").asLong();
        } catch (Exception e) {
            throw new AssertionError("publish to " + topic + " failed", e);
        }
    }
}
