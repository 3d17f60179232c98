package dev.updraft.live;

import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A minimal Server-Sent Events client: each message's fields land in a queue the test polls. */
public final class SseClient implements AutoCloseable {

    private final HttpClient client;
    private final LinkedBlockingQueue<Map<String, String>> messages = new LinkedBlockingQueue<>();
    private final StringBuilder pending = new StringBuilder();
    private HttpClientResponse response;

    private SseClient(HttpClient client) {
        this.client = client;
    }

    public static SseClient open(Vertx vertx, URI base, String path, String lastEventId) {
        HttpClient client = vertx.createHttpClient();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setHost(base.getHost()).setPort(base.getPort()).setURI(path);
        if (lastEventId != null) {
            options.addHeader("Last-Event-ID", lastEventId);
        }
        SseClient sse = new SseClient(client);
        try {
            // the body handler is set on the event loop as the response arrives, so no chunk is missed
            sse.response = client.request(options)
                    .compose(request -> request.send())
                    .map(response -> response.handler(buffer -> sse.parse(buffer.toString())))
                    .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            return sse;
        } catch (Exception e) {
            throw new AssertionError("cannot open " + path, e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.getHeader("Content-Type");
    }

    /** The next message that is not a heartbeat comment, failing after a few seconds. */
    public Map<String, String> next() {
        try {
            Map<String, String> message = messages.poll(5, TimeUnit.SECONDS);
            if (message == null) {
                fail("no SSE message within 5 s");
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void parse(String chunk) {
        pending.append(chunk);
        int end;
        while ((end = pending.indexOf("\n\n")) >= 0) {
            String block = pending.substring(0, end);
            pending.delete(0, end + 2);
            Map<String, String> fields = new HashMap<>();
            for (String line : block.split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    fields.put(line.substring(0, colon), line.substring(colon + 1).stripLeading());
                }
            }
            if (!fields.isEmpty()) {
                messages.add(fields);
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
