package dev.updraft.aggregator.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.updraft.aggregator.cache.Coalescer;
import dev.updraft.aggregator.cache.ResponseCache;
import dev.updraft.aggregator.metrics.AggregatorMetrics;
import dev.updraft.aggregator.resilience.ResilientExchange;
import dev.updraft.aggregator.upstream.BodyDecoder;
import dev.updraft.aggregator.upstream.Failures;
import dev.updraft.aggregator.upstream.UpstreamResponse;
import dev.updraft.model.aggregate.AggregateRequest;
import dev.updraft.model.aggregate.AggregateResult;
import dev.updraft.model.aggregate.ErrorKind;
import dev.updraft.model.aggregate.ItemError;
import dev.updraft.model.aggregate.ItemResult;
import dev.updraft.model.aggregate.UpstreamRequest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs an aggregation: every request at once, bounded by {@link ConcurrencyLimits}, each within its own
 * timeout once it holds a slot, all within the call's deadline. A failure never escapes an item: it becomes
 * that item's {@code error}, so the call always answers, in request order, by its deadline.
 *
 * <p>Per GET, before any slot is taken: a fresh cached response answers at once, and identical GETs in
 * flight share one upstream call. Stale cached responses are revalidated with their validators.
 */
@ApplicationScoped
public class FanOut {

    private final ResilientExchange exchange;
    private final BodyDecoder decoder;
    private final ConcurrencyLimits limits;
    private final RequestLimits requestLimits;
    private final ResponseCache cache;
    private final Coalescer coalescer;
    private final AggregatorMetrics metrics;
    private final EventLoops loops;

    public FanOut(ResilientExchange exchange, BodyDecoder decoder, ConcurrencyLimits limits,
            RequestLimits requestLimits, ResponseCache cache, Coalescer coalescer, AggregatorMetrics metrics,
            EventLoops loops) {
        this.exchange = exchange;
        this.decoder = decoder;
        this.limits = limits;
        this.requestLimits = requestLimits;
        this.cache = cache;
        this.coalescer = coalescer;
        this.metrics = metrics;
        this.loops = loops;
    }

    public Uni<AggregateResult> aggregate(AggregateRequest request) {
        Deadline deadline = Deadline.in(requestLimits.check(request));
        Context caller = Vertx.currentContext();
        List<Uni<ItemResult>> items = request.requests().stream()
                .map(r -> item(r, deadline))
                .toList();
        // items finish on the loops they were spread over; the answer is written from the call's own loop
        return EventLoops.backTo(caller, Uni.join().all(items).andFailFast())
                .map(results -> new AggregateResult(results.stream().allMatch(ItemResult::ok),
                        deadline.elapsedMillis(), results, request.merge() ? merged(results) : null));
    }

    /** The same work as {@link #aggregate}, each result emitted as soon as it is known. */
    public Multi<ItemResult> stream(AggregateRequest request) {
        Deadline deadline = Deadline.in(requestLimits.check(request));
        Context caller = Vertx.currentContext();
        // All items are subscribed at once; the permit queues, not merge's concurrency, bound the work.
        Multi<ItemResult> results = Multi.createFrom().iterable(request.requests())
                .onItem().transformToUni(r -> item(r, deadline))
                .merge(request.requests().size());
        return caller == null ? results : results.emitOn(task -> caller.runOnContext(v -> task.run()));
    }

    Uni<ItemResult> item(UpstreamRequest request, Deadline deadline) {
        if (deadline.expired()) {
            return Uni.createFrom().item(() -> deadlineResult(request, deadline));
        }
        return shared(request, deadline)
                .map(result -> forCaller(request, result))
                .ifNoItem().after(atLeastOneMilli(deadline.remaining()))
                .recoverWithItem(() -> deadlineResult(request, deadline))
                .invoke(metrics::item);
    }

    private Uni<ItemResult> shared(UpstreamRequest request, Deadline deadline) {
        if (!request.method().equals("GET")) {
            return permitted(request, deadline, Optional.empty(), null);
        }
        String key = ResponseCache.key(request);
        Optional<ResponseCache.Entry> cached = cache.enabled() ? cache.lookup(key) : Optional.empty();
        if (cached.isPresent() && cached.get().fresh()) {
            metrics.cache("hit");
            return toResult(request, cached.get().response(), System.nanoTime());
        }
        // the shared work runs under the latest deadline of the callers waiting for it, not the leader's
        return coalescer.run(key, deadline,
                sharedDeadline -> permitted(request, sharedDeadline, cached, cache.enabled() ? key : null),
                joined -> metrics.cache(joined ? "coalesced" : "miss"));
    }

    private Uni<ItemResult> permitted(UpstreamRequest request, Deadline deadline, Optional<ResponseCache.Entry> stale,
            String cacheKey) {
        long queuedAt = System.nanoTime();
        String host = hostKey(request);
        return limits.withPermits(host, () -> {
            metrics.queued(queuedAt);
            if (deadline.expired()) {
                // The slot was freed by the same deadline (an in-flight item cut a moment earlier): don't start.
                return Uni.createFrom().item(() -> deadlineResult(request, deadline));
            }
            // Permits are queued for in request order on the caller's loop; the exchange itself runs on the
            // next event loop, so that one call's requests leave from all spread loops at once.
            return EventLoops.on(loops.next(), () -> fetch(request, host, deadline, stale, cacheKey));
        });
    }

    private Uni<ItemResult> fetch(UpstreamRequest request, String host, Deadline deadline,
            Optional<ResponseCache.Entry> stale, String cacheKey) {
        long start = System.nanoTime();
        Duration timeout = requestLimits.timeoutOf(request);
        UpstreamRequest sent = stale.filter(ResponseCache.Entry::revalidatable)
                .map(entry -> withValidators(request, entry))
                .orElse(request);
        return exchange.exchange(sent, host, timeout, deadline)
                .map(response -> {
                    metrics.upstreamLatency(host, start);
                    return cached(cacheKey, stale, response);
                })
                .chain(response -> toResult(request, response, start))
                .onFailure().recoverWithItem(f -> ItemResult.failed(request, millisSince(start), Failures.describe(f)));
    }

    private UpstreamResponse cached(String cacheKey, Optional<ResponseCache.Entry> stale, UpstreamResponse response) {
        if (cacheKey == null) {
            return response;
        }
        if (response.status() == 304 && stale.isPresent()) {
            metrics.cache("revalidated");
            return cache.refresh(cacheKey, stale.get(), response).response();
        }
        cache.store(cacheKey, response);
        return response;
    }

    private static UpstreamRequest withValidators(UpstreamRequest request, ResponseCache.Entry entry) {
        Map<String, String> headers = new HashMap<>(request.headers());
        if (entry.etag() != null) {
            headers.put("If-None-Match", entry.etag());
        }
        if (entry.lastModified() != null) {
            headers.put("If-Modified-Since", entry.lastModified());
        }
        return new UpstreamRequest(request.id(), request.url(), request.method(), headers, request.timeout(),
                request.select());
    }

    private Uni<ItemResult> toResult(UpstreamRequest request, UpstreamResponse response, long start) {
        if (!response.successful()) {
            // The error body is kept when it decodes: a 503 from /q/health says which check is down.
            ItemError error = new ItemError(ErrorKind.HTTP, "upstream answered " + response.status(), response.status());
            return decoder.decode(response.contentType(), response.body())
                    .map(decoded -> result(request, response, start, decoded, error))
                    .onFailure().recoverWithItem(() -> ItemResult.failed(request, millisSince(start), error));
        }
        return decoder.decode(response.contentType(), response.body())
                .map(decoded -> result(request, response, start, decoded, null));
    }

    private static ItemResult result(UpstreamRequest request, UpstreamResponse response, long start,
            BodyDecoder.Decoded decoded, ItemError error) {
        return new ItemResult(request.id(), request.url(), response.status(), millisSince(start),
                response.contentType(), (long) response.body().length(), decoded.body(), decoded.encoding(),
                decoded.sha256(), error);
    }

    /** A shared or cached result carries another caller's id; selection is per caller too. */
    private static ItemResult forCaller(UpstreamRequest request, ItemResult r) {
        JsonNode body = r.encoding() == null ? FieldSelection.apply(r.body(), request.select()) : r.body();
        return new ItemResult(request.id(), request.url(), r.status(), r.latencyMs(), r.contentType(), r.bytes(),
                body, r.encoding(), r.sha256(), r.error());
    }

    private static ItemResult deadlineResult(UpstreamRequest request, Deadline deadline) {
        return ItemResult.failed(request, deadline.elapsedMillis(), ItemError.of(ErrorKind.DEADLINE,
                "the call's deadline passed after " + deadline.elapsedMillis() + "ms before this request finished"));
    }

    static String hostKey(UpstreamRequest request) {
        URI uri = URI.create(request.url());
        int port = UpstreamRequest.portOf(uri);
        int effectivePort = port >= 0 ? port : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        return UpstreamRequest.hostOf(uri).toLowerCase(Locale.ROOT) + ":" + effectivePort;
    }

    private static JsonNode merged(List<ItemResult> results) {
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        for (ItemResult r : results) {
            if (r.ok() && r.body() != null) {
                merged.set(r.id(), r.body());
            }
        }
        return merged;
    }

    private static Duration atLeastOneMilli(Duration d) {
        return d.toMillis() < 1 ? Duration.ofMillis(1) : d;
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
