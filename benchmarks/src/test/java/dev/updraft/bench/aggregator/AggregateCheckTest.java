package dev.updraft.bench.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.updraft.model.ModelJson;

class AggregateCheckTest {

    private static final String OK2 = "{\"completed\":true,\"elapsedMs\":51,\"results\":["
            + "{\"id\":\"r0\",\"url\":\"u\",\"status\":200,\"latencyMs\":50,\"body\":{}},"
            + "{\"id\":\"r1\",\"url\":\"u\",\"status\":200,\"latencyMs\":50,\"body\":{}}]}";

    @Test
    void completeAnswer() {
        assertThat(AggregateCheck.complete(200, OK2, 2)).isTrue();
    }

    @Test
    void wrongCountStatusOrItemErrorIsIncomplete() {
        assertThat(AggregateCheck.complete(200, OK2, 3)).isFalse();
        assertThat(AggregateCheck.complete(500, OK2, 2)).isFalse();
        assertThat(AggregateCheck.complete(200, OK2.replace("\"completed\":true", "\"completed\":false"), 2)).isFalse();
        String withError = OK2.replace("{\"id\":\"r1\",\"url\":\"u\",\"status\":200,\"latencyMs\":50,\"body\":{}}",
                "{\"id\":\"r1\",\"url\":\"u\",\"error\":{\"kind\":\"timeout\",\"message\":\"x\"}}");
        assertThat(AggregateCheck.complete(200, withError, 2)).isFalse();
        assertThat(AggregateCheck.complete(200, "not json", 2)).isFalse();
    }

    @Test
    void requestBodyListsEveryUrl() throws Exception {
        JsonNode body = ModelJson.newMapper().readTree(AggregateCheck.body("http://127.0.0.1:1/slow/", 100, 7));
        assertThat(body.path("requests")).hasSize(100);
        assertThat(body.path("requests").get(99).path("url").asText()).isEqualTo("http://127.0.0.1:1/slow/99?call=7");
        assertThat(body.path("requests").get(0).path("method").asText()).isEqualTo("GET");
    }
}
