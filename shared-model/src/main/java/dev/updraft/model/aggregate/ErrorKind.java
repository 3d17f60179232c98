package dev.updraft.model.aggregate;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why one upstream item of an aggregation has no response. */
public enum ErrorKind {
    /** No response within the request's own timeout. */
    @JsonProperty("timeout") TIMEOUT,
    @JsonProperty("connect") CONNECT,
    @JsonProperty("dns") DNS,
    /** The upstream answered with an error status (see {@code status}). */
    @JsonProperty("http") HTTP,
    @JsonProperty("too_large") TOO_LARGE,
    /** Refused by the SSRF policy; no connection was made. */
    @JsonProperty("blocked") BLOCKED,
    @JsonProperty("circuit_open") CIRCUIT_OPEN,
    /** The call's overall deadline passed, whether the item was queued or in flight. */
    @JsonProperty("deadline") DEADLINE,
    /** The response could not be used, e.g. invalid JSON with a JSON content type. */
    @JsonProperty("invalid") INVALID
}
