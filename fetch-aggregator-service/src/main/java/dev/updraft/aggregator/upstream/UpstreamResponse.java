package dev.updraft.aggregator.upstream;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** One complete upstream answer, after redirects: what the fan-out turns into an item result. */
public record UpstreamResponse(int status, MultiMap headers, Buffer body) {

    public String contentType() {
        return headers.get("Content-Type");
    }

    public boolean successful() {
        return status >= 200 && status < 300;
    }
}
