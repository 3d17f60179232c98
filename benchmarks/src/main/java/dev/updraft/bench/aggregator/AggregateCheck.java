package dev.updraft.bench.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.updraft.model.ModelJson;

/**
 * Judges one {@code POST /api/aggregate} answer: a call counts as good only when it is a 200 with
 * {@code completed:true} and every one of the expected results has status 200. A fast answer full of
 * errors must not pass as a fast aggregate.
 */
final class AggregateCheck {

    private static final ObjectMapper JSON = ModelJson.newMapper();

    private AggregateCheck() {
    }

    static boolean complete(int status, String body, int expectedResults) {
        if (status != 200) {
            return false;
        }
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode results = root.path("results");
            if (!root.path("completed").asBoolean(false) || results.size() != expectedResults) {
                return false;
            }
            for (JsonNode r : results) {
                if (r.path("status").asInt() != 200 || r.has("error")) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * The request body: {@code n} GETs of {@code baseUrl + i + "?call=" + call}. Every URL of every call is
     * distinct so that neither a response cache nor the coalescing of identical in-flight GETs can answer
     * for the upstream: the benchmark measures fan-out, and the Tornado peer has neither.
     */
    static String body(String baseUrl, int n, long call) {
        StringBuilder b = new StringBuilder("{\"requests\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"id\":\"r").append(i).append("\",\"url\":\"").append(baseUrl).append(i).append("?call=").append(call)
                    .append("\",\"method\":\"GET\",\"timeout\":\"5s\"}");
        }
        return b.append("],\"deadline\":\"10s\"}").toString();
    }
}
