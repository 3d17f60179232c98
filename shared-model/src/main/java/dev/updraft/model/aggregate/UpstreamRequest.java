package dev.updraft.model.aggregate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.updraft.model.DurationJson;
import dev.updraft.model.Durations;
import dev.updraft.model.InvalidFieldException;
import dev.updraft.model.Names;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One upstream call of an aggregation. {@code method} defaults to GET; {@code timeout} (null: the
 * service default) bounds this call once it has a connection slot. {@code select} (optional) keeps part of
 * a JSON body: one JSON pointer such as {@code /status}, or a list of top-level field names.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpstreamRequest(
        String id,
        String url,
        String method,
        Map<String, String> headers,
        @JsonSerialize(using = DurationJson.Serializer.class)
        @JsonDeserialize(using = DurationJson.Deserializer.class)
        Duration timeout,
        List<String> select) {

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
        headers = Names.requireHeaders("headers", headers);
        Durations.requirePositive("timeout", timeout);
        select = select == null || select.isEmpty() ? null : requireSelection(select);
    }

    /** The form without field selection, as before {@code select} existed. */
    public UpstreamRequest(String id, String url, String method, Map<String, String> headers, Duration timeout) {
        this(id, url, method, headers, timeout, null);
    }

    public static UpstreamRequest get(String id, String url) {
        return new UpstreamRequest(id, url, "GET", null, null);
    }

    public UpstreamRequest withId(String newId) {
        return new UpstreamRequest(newId, url, method, headers, timeout, select);
    }

    private static List<String> requireSelection(List<String> select) {
        for (int i = 0; i < select.size(); i++) {
            String entry = select.get(i);
            if (entry == null || entry.isBlank()) {
                throw new InvalidFieldException("select[" + i + "]", "select[" + i + "] must name a field or a JSON pointer");
            }
            if (entry.startsWith("/")) {
                try {
                    JsonPointer.compile(entry);
                } catch (IllegalArgumentException e) {
                    throw new InvalidFieldException("select[" + i + "]", "select[" + i + "] '" + entry
                            + "' is not a JSON pointer: " + e.getMessage());
                }
            }
        }
        return List.copyOf(select);
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
            String host = hostOf(uri);
            if (host == null || host.isEmpty()) {
                throw new InvalidFieldException(field, field + " '" + url + "' has no host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidFieldException(field, field + " '" + url + "' is not a valid URL: " + e.getReason());
        }
    }

    /**
     * The host of an http(s) URL. {@link URI#getHost()} is null for hosts such as {@code 2130706433} or
     * {@code 0x7f.1} (a last label starting with a digit), which clients still resolve as IPv4 addresses;
     * they are taken from the authority here so that policies can judge them instead of missing them.
     */
    public static String hostOf(URI uri) {
        if (uri.getHost() != null) {
            return uri.getHost();
        }
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return null;
        }
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = hostPort.lastIndexOf(':');
        String host = colon >= 0 && hostPort.substring(colon + 1).matches("\\d*") ? hostPort.substring(0, colon) : hostPort;
        return host.matches("[A-Za-z0-9._~-]+") ? host : null;
    }

    /** The port of an http(s) URL, or -1 when it names none; see {@link #hostOf(URI)}. */
    public static int portOf(URI uri) {
        if (uri.getHost() != null || uri.getRawAuthority() == null) {
            return uri.getPort();
        }
        String authority = uri.getRawAuthority();
        int colon = authority.lastIndexOf(':');
        if (colon < 0 || authority.lastIndexOf('@') > colon) {
            return -1;
        }
        String port = authority.substring(colon + 1);
        return port.matches("\\d{1,5}") ? Integer.parseInt(port) : -1;
    }
}
