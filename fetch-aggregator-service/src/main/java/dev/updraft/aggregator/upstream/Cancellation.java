package dev.updraft.aggregator.upstream;

import io.vertx.core.http.HttpClientRequest;
import java.util.concurrent.CancellationException;

/**
 * Lets a Mutiny cancellation (deadline passed, hedge lost) reach the HTTP request underneath: the web
 * client's {@code send()} cannot be cancelled, so the request is reset here, which closes an HTTP/1.1
 * connection or resets an HTTP/2 stream. Either side may come first: a cancellation before the request
 * exists is remembered and applied when it is attached.
 */
final class Cancellation {

    private HttpClientRequest request;
    private boolean cancelled;

    void attach(HttpClientRequest attached) {
        boolean resetNow;
        synchronized (this) {
            request = attached;
            resetNow = cancelled;
        }
        if (resetNow) {
            attached.reset(0, new CancellationException("request cancelled"));
        }
    }

    void cancel() {
        HttpClientRequest toReset;
        synchronized (this) {
            cancelled = true;
            toReset = request;
        }
        if (toReset != null) {
            toReset.reset(0, new CancellationException("request cancelled"));
        }
    }
}
