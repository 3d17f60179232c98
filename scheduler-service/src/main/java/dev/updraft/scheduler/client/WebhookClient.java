package dev.updraft.scheduler.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.updraft.scheduler.config.SchedulerConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;

/**
 * Calls webhooks of {@code http} actions. Their URLs are arbitrary, so this is a Vert.x HTTP client rather than a
 * typed REST client; it owns the same concerns: retries where safe (idempotent methods that could not
 * connect), error mapping, and cancellation, which resets the request on the wire.
 */
@ApplicationScoped
@Startup // created on the main thread: a Vert.x client created inside a request's verticle context would be
         // closed with that verticle at shutdown, before running jobs could finish within the grace period
public class WebhookClient {

    private static final String SERVICE = "webhook";
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    private final HttpClient client;
    private final SchedulerConfig.Webhook config;
    /**
     * Where all webhook calls run. Called from another thread, the Vert.x client would spread calls over every event
     * loop (see {@link ActionLoop} for why not). One loop carries the benchmark's 1,000 webhook calls a second with the
     * whole service under one core: README, "Benchmark".
     */
    private final ActionLoop loop;

    public WebhookClient(Vertx vertx, ActionLoop loop, SchedulerConfig config) {
        this.config = config.webhook();
        this.loop = loop;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(5_000)
                .setMaxPoolSize(64));
    }

    /** The webhook's answer: its status and at most {@code max-response-bytes} of its body. */
    public record Answer(int status, String body) {
    }

    public Uni<Answer> call(String method, String url, Map<String, String> headers, JsonNode body) {
        Uni<Answer> attempt = Uni.createFrom().deferred(() -> send(method, url, headers, body))
                .runSubscriptionOn(loop)
                .onFailure().transform(failure -> DownstreamException.of(SERVICE, failure));
        return Retry.when(attempt,
                failure -> IDEMPOTENT.contains(method) && ((DownstreamException) failure).connectFailure(),
                config.retries(), config.backoff());
    }

    private Uni<Answer> send(String method, String url, Map<String, String> headers, JsonNode body) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(method))
                .setAbsoluteURI(url);
        headers.forEach(options::putHeader);
        if (body != null && !headers.keySet().stream().anyMatch("content-type"::equalsIgnoreCase)) {
            options.putHeader("Content-Type", "application/json");
        }
        return client.request(options)
                .chain(request -> exchange(request, body)
                        .onCancellation().invoke(() -> request.reset()));
    }

    private Uni<Answer> exchange(HttpClientRequest request, JsonNode body) {
        Uni<HttpClientResponse> response = body == null
                ? request.send()
                : request.send(Buffer.buffer(body.toString()));
        return response.chain(this::read);
    }

    /** Reads at most the configured number of bytes and drains the rest, so the connection can be reused. */
    private Uni<Answer> read(HttpClientResponse response) {
        int max = config.maxResponseBytes();
        StringBuilder kept = new StringBuilder();
        return response.toMulti()
                .invoke(chunk -> {
                    if (kept.length() < max) {
                        String text = chunk.toString();
                        kept.append(text, 0, Math.min(text.length(), max - kept.length()));
                    }
                })
                .collect().last()
                .map(ignored -> new Answer(response.statusCode(), kept.toString()));
    }

    @PreDestroy
    void close() {
        client.closeAndForget();
    }
}
