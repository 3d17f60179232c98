package dev.updraft.model.live;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Error codes of WebSocket {@code error} frames. */
public enum ErrorCode {
    /** Malformed JSON, unknown type, missing field, invalid topic. */
    @JsonProperty("bad_request") BAD_REQUEST,
    @JsonProperty("forbidden") FORBIDDEN,
    @JsonProperty("too_large") TOO_LARGE,
    @JsonProperty("rate_limited") RATE_LIMITED,
    @JsonProperty("internal") INTERNAL
}
