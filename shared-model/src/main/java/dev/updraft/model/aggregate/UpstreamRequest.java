package dev.updraft.model.aggregate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.updraft.model.DurationJson;
import dev.updraft.model.Durations;
import dev.updraft.model.InvalidFieldException;
import dev.updraft.model.Names;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One upstream call of an aggregation. {@code method} defaults to GET; {@code timeout} (null: the
 * service default) bounds this call once it has a connection slot.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpstreamRequest(
        String id,
        String url,
        String method,
        Map<String, String> headers,
        @JsonSerialize(using = DurationJson.Serializer.class)
        @JsonDeserialize(using = DurationJson.Deserializer.class)
        Duration timeout) {

    public static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    public UpstreamRequest {
        if (id != null) {
            Names.require("id", id);
        }
        requireHttpUrl("url", url);
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new InvalidFieldException("method", "method '" + method + "' is not one of " + METHODS);
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        Durations.requirePositive("timeout", timeout);
    }

    public static UpstreamRequest get(String id, String url) {
        return new UpstreamRequest(id, url, "GET", null, null);
    }

    public UpstreamRequest withId(String newId) {
        return new UpstreamRequest(newId, url, method, headers, timeout);
    }

    /** Syntax only; whether the address may be reached is the aggregator's SSRF policy. */
    public static URI requireHttpUrl(String field, String url) {
        Names.requirePresent(field, url);
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new InvalidFieldException(field, field + " '" + url + "' must use http or https");
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new InvalidFieldException(field, field + " '" + url + "' has no host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidFieldException(field, field + " '" + url + "' is not a valid URL: " + e.getReason());
        }
    }
}
