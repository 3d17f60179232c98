package dev.updraft.scheduler.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.updraft.model.ModelJson;
import dev.updraft.model.aggregate.AggregateRequest;
import dev.updraft.model.aggregate.AggregateResult;
import dev.updraft.model.aggregate.ErrorKind;
import dev.updraft.model.aggregate.ItemError;
import dev.updraft.model.aggregate.ItemResult;
import dev.updraft.model.aggregate.UpstreamRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Small real HTTP servers on dynamic ports standing in for the other services: a live-updates that records
 * published events, an aggregator that really fetches the requested URLs concurrently, and an upstream/webhook
 * server with slow, stateful and recording endpoints.
 */
public final class FakeServices {

    private static final ObjectMapper JSON = ModelJson.newMapper();

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = vertx.createHttpClient();
    private final List<HttpServer> servers = new ArrayList<>();

    private final Map<String, BlockingQueue<JsonNode>> events = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> published = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> offsets = new ConcurrentHashMap<>();
    private final Map<String, List<UpstreamRequest>> namedAggregations = new ConcurrentHashMap<>();
    private final AtomicInteger aggregateCalls = new AtomicInteger();
    private final AtomicInteger aggregateCallsCancelled = new AtomicInteger();

    private final Map<String, String> state = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> cancelled = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<Recorded>> hooks = new ConcurrentHashMap<>();
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();

    private int liveUpdatesPort;
    private int aggregatorPort;
    private int upstreamPort;

    /** A request received by the webhook endpoint. */
    public record Recorded(String method, String path, Map<String, String> headers, String body) {
    }

    public void start() {
        liveUpdatesPort = listen(this::liveUpdates);
        aggregatorPort = listen(this::aggregator);
        upstreamPort = listen(this::upstream);
    }

    public void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    public String liveUpdatesUrl() {
        return "http://localhost:" + liveUpdatesPort;
    }

    public String aggregatorUrl() {
        return "http://localhost:" + aggregatorPort;
    }

    public String upstreamUrl() {
        return "http://localhost:" + upstreamPort;
    }

    // ---- what tests read and set ----

    public BlockingQueue<JsonNode> events(String topic) {
        return events.computeIfAbsent(topic, t -> new LinkedBlockingQueue<>());
    }

    /** Every event ever published to {@code topic}, oldest first (not consumed by {@link #events}). */
    public List<JsonNode> published(String topic) {
        return published.computeIfAbsent(topic, t -> new java.util.concurrent.CopyOnWriteArrayList<>());
    }

    public void defineAggregation(String name, List<UpstreamRequest> requests) {
        namedAggregations.put(name, requests);
    }

    public void setState(String key, String json) {
        state.put(key, json);
    }

    public int maxInFlight(String key) {
        return counter(maxInFlight, key).get();
    }

    public int cancelled(String key) {
        return counter(cancelled, key).get();
    }

    public int aggregateCallsCancelled() {
        return aggregateCallsCancelled.get();
    }

    /** The Authorization header of the last API call to the fake {@code aggregator} or {@code live-updates}. */
    public String lastAuthorization(String service) {
        return authorizations.get(service);
    }

    public BlockingQueue<Recorded> hooks(String key) {
        return hooks.computeIfAbsent(key, k -> new LinkedBlockingQueue<>());
    }

    // ---- live-updates ----

    private void liveUpdates(HttpServerRequest request) {
        String path = request.path();
        recordAuthorization("live-updates", request);
        if (path.equals("/q/health")) {
            json(request, 200, "{\"status\":\"UP\",\"checks\":[]}");
            return;
        }
        String prefix = "/api/topics/";
        if (request.method() == HttpMethod.POST && path.startsWith(prefix) && path.endsWith("/events")) {
            String topic = path.substring(prefix.length(), path.length() - "/events".length());
            request.body().onSuccess(body -> {
                JsonNode event = read(body.toString());
                published(topic).add(event);
                events(topic).add(event);
                long offset = offsets.computeIfAbsent(topic, t -> new AtomicLong()).incrementAndGet();
                json(request, 201, "{\"topic\":\"" + topic + "\",\"offset\":" + offset + ",\"epoch\":\"test\"}");
            });
            return;
        }
        json(request, 404, "{\"status\":404,\"title\":\"Not Found\"}");
    }

    // ---- aggregator ----

    private void aggregator(HttpServerRequest request) {
        String path = request.path();
        recordAuthorization("aggregator", request);
        if (path.equals("/q/health")) {
            json(request, 200, "{\"status\":\"UP\",\"checks\":[]}");
        } else if (request.method() == HttpMethod.POST && path.equals("/api/aggregate")) {
            request.body().onSuccess(body -> {
                try {
                    AggregateRequest aggregate = JSON.readValue(body.toString(), AggregateRequest.class);
                    aggregate(request, aggregate.requests());
                } catch (Exception e) {
                    json(request, 400, "{\"status\":400,\"detail\":\"" + e.getMessage().replace('"', '\'') + "\"}");
                }
            });
        } else if (request.method() == HttpMethod.GET && path.startsWith("/api/aggregations/")) {
            List<UpstreamRequest> named = namedAggregations.get(path.substring("/api/aggregations/".length()));
            if (named == null) {
                json(request, 404, "{\"status\":404,\"title\":\"Not Found\"}");
            } else {
                aggregate(request, named);
            }
        } else {
            json(request, 404, "{\"status\":404,\"title\":\"Not Found\"}");
        }
    }

    private void recordAuthorization(String service, HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (request.path().startsWith("/api/") && authorization != null) {
            authorizations.put(service, authorization);
        }
    }

    private void aggregate(HttpServerRequest request, List<UpstreamRequest> upstreams) {
        aggregateCalls.incrementAndGet();
        long start = System.nanoTime();
        request.response().closeHandler(v -> {
            if (!request.response().ended()) {
                aggregateCallsCancelled.incrementAndGet();
            }
        });
        List<Future<ItemResult>> items = upstreams.stream().map(this::fetch).toList();
        Future.join(items).onComplete(done -> {
            List<ItemResult> results = items.stream().map(Future::result).toList();
            boolean completed = results.stream().allMatch(ItemResult::ok);
            AggregateResult result = new AggregateResult(completed, (System.nanoTime() - start) / 1_000_000, results, null);
            if (!request.response().closed()) {
                json(request, 200, write(result));
            }
        });
    }

    private Future<ItemResult> fetch(UpstreamRequest upstream) {
        long start = System.nanoTime();
        RequestOptions options = new RequestOptions()
                .setAbsoluteURI(upstream.url())
                .setMethod(HttpMethod.valueOf(upstream.method()))
                .setIdleTimeout(upstream.timeout() == null ? 10_000 : upstream.timeout().toMillis());
        upstream.headers().forEach(options::putHeader);
        return client.request(options)
                .compose(req -> req.send())
                .compose(resp -> resp.body().map(body -> {
                    long latency = (System.nanoTime() - start) / 1_000_000;
                    JsonNode parsed = read(body.toString());
                    return new ItemResult(upstream.id(), upstream.url(), resp.statusCode(), latency,
                            resp.getHeader("Content-Type"), (long) body.length(), parsed, null, sha256(body), null);
                }))
                .otherwise(failure -> ItemResult.failed(upstream, (System.nanoTime() - start) / 1_000_000,
                        ItemError.of(ErrorKind.CONNECT, String.valueOf(failure.getMessage()))));
    }

    // ---- upstream / webhook ----

    private void upstream(HttpServerRequest request) {
        String key = request.getParam("key", "default");
        switch (request.path()) {
            case "/slow" -> slow(request, key, Long.parseLong(request.getParam("ms", "100")));
            case "/state" -> json(request, 200, state.getOrDefault(key, "{}"));
            case "/hook" -> request.body().onSuccess(body -> {
                Map<String, String> headers = new ConcurrentHashMap<>();
                request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
                hooks(key).add(new Recorded(request.method().name(), request.uri(), headers, body.toString()));
                int status = Integer.parseInt(request.getParam("status", "200"));
                json(request, status, "{\"received\":true}");
            });
            default -> json(request, 404, "{}");
        }
    }

    private void slow(HttpServerRequest request, String key, long ms) {
        int now = counter(inFlight, key).incrementAndGet();
        counter(maxInFlight, key).accumulateAndGet(now, Math::max);
        request.response().closeHandler(v -> {
            if (!request.response().ended()) {
                counter(cancelled, key).incrementAndGet();
                counter(inFlight, key).decrementAndGet();
            }
        });
        vertx.setTimer(ms, t -> {
            if (!request.response().closed()) {
                counter(inFlight, key).decrementAndGet();
                json(request, 200, "{\"slept\":" + ms + "}");
            }
        });
    }

    // ---- helpers ----

    private int listen(io.vertx.core.Handler<HttpServerRequest> handler) {
        HttpServer server = vertx.createHttpServer().requestHandler(handler);
        servers.add(server);
        return server.listen(0).toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join()
                .actualPort();
    }

    private static void json(HttpServerRequest request, int status, String body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    private static AtomicInteger counter(Map<String, AtomicInteger> counters, String key) {
        return counters.computeIfAbsent(key, k -> new AtomicInteger());
    }

    private static JsonNode read(String text) {
        try {
            return text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
        } catch (Exception e) {
            ObjectNode wrapper = JSON.createObjectNode();
            wrapper.put("text", text);
            return wrapper;
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(Buffer body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
