package dev.updraft.model.aggregate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The outcome of one upstream request: a response ({@code status}, {@code body}, ...) or an {@code error}.
 * {@code body} is parsed JSON, a string for text, or base64 with {@code encoding: "base64"} otherwise;
 * {@code sha256} is the hex digest of the raw body bytes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemResult(
        String id,
        String url,
        Integer status,
        Long latencyMs,
        String contentType,
        Long bytes,
        JsonNode body,
        String encoding,
        String sha256,
        ItemError error) {

    public static ItemResult failed(UpstreamRequest request, Long latencyMs, ItemError error) {
        return new ItemResult(request.id(), request.url(), error.status(), latencyMs, null, null, null, null, null,
                error);
    }

    public boolean ok() {
        return error == null;
    }
}
