package dev.updraft.aggregator.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Runs an aggregation: every request at once, bounded by {@link ConcurrencyLimits}, each within its own
 * timeout once it holds a slot, all within the call's deadline. A failure never escapes an item: it becomes
 * that item's {@code error}, so the call always answers, in request order, by its deadline.
 *
 * <p>Per GET, before any slot is taken: a fresh cached response answers at once, and identical GETs in
 * flight share one upstream call. Stale cached responses are revalidated with their validators.
 */
@Singleton
public class FanOut {

    private final ResilientExchange exchange;
    private final BodyDecoder decoder;
    private final ConcurrencyLimits limits;
    private final RequestLimits requestLimits;
    private final ResponseCache cache;
    private final Coalescer coalescer;
    private final AggregatorMetrics metrics;
    private final EventLoops loops;
    private final Vertx vertx;
    private final ItemEncoder itemEncoder;

    public FanOut(ResilientExchange exchange, BodyDecoder decoder, ConcurrencyLimits limits,
            RequestLimits requestLimits, ResponseCache cache, Coalescer coalescer, AggregatorMetrics metrics,
            EventLoops loops, io.vertx.mutiny.core.Vertx vertx, ObjectMapper mapper) {
        this.exchange = exchange;
        this.decoder = decoder;
        this.limits = limits;
        this.requestLimits = requestLimits;
        this.cache = cache;
        this.coalescer = coalescer;
        this.metrics = metrics;
        this.loops = loops;
        this.vertx = vertx.getDelegate();
        this.itemEncoder = new ItemEncoder(mapper);
    }

    public Uni<EncodedAggregate> aggregate(AggregateRequest request) {
        RequestLimits.Checked call = requestLimits.check(request);
        Deadline deadline = Deadline.in(call.deadline());
        Context caller = Vertx.currentContext();
        AtomicReferenceArray<byte[]> encoded = new AtomicReferenceArray<>(call.requests().size());
        Uni<List<ItemResult>> all = Uni.createFrom().emitter(em -> {
            CallItems items = items(call, deadline, (index, result) -> encoded.set(index, itemEncoder.encode(result)),
                    em::complete);
            em.onTermination(items::cancel);
            start(items, caller, call.requests(), deadline);
        });
        // items finish on the loops they were spread over; the answer is written from the call's own loop
        return EventLoops.backTo(caller, all)
                .map(results -> new EncodedAggregate(new AggregateResult(allOk(results), deadline.elapsedMillis(),
                        results, request.merge() ? merged(results) : null), inOrder(encoded)));
    }

    /** The same work as {@link #aggregate}, each result emitted as soon as it is known. */
    public Multi<ItemResult> stream(AggregateRequest request) {
        RequestLimits.Checked call = requestLimits.check(request);
        Deadline deadline = Deadline.in(call.deadline());
        Context caller = Vertx.currentContext();
        // the emitter is serialised: items may report from several loops at once
        Multi<ItemResult> results = Multi.createFrom().emitter(em -> {
            CallItems items = items(call, deadline, (index, result) -> em.emit(result), all -> em.complete());
            em.onTermination(items::cancel);
            start(items, caller, call.requests(), deadline);
        });
        return caller == null ? results : results.emitOn(task -> caller.runOnContext(v -> task.run()));
    }

    /** The call's items: each result is counted, then handed to {@code onResult}; all of them to {@code onAll}. */
    private CallItems items(RequestLimits.Checked call, Deadline deadline, BiConsumer<Integer, ItemResult> onResult,
            Consumer<List<ItemResult>> onAll) {
        return new CallItems(vertx, call.requests(), deadline, new CallItems.Listener() {
            @Override
            public void result(int index, ItemResult result) {
                metrics.item(result);
                onResult.accept(index, result);
            }

            @Override
            public void all(List<ItemResult> results) {
                onAll.accept(results);
            }
        });
    }

    /**
     * Request {@code i} exchanges on loop {@code i % n} of the call's spread. The items take their place in
     * the cache, coalescing and permit queues here, in request order, so that under contention the first
     * requests of a call are served first; only the exchange moves to its loop.
     */
    private void start(CallItems items, Context caller, List<CheckedRequest> requests, Deadline deadline) {
        List<Context> spread = loops.spreadFrom(caller);
        items.start(i -> item(requests.get(i), deadline, spread.get(i % spread.size())));
    }

    private Uni<ItemResult> item(CheckedRequest checked, Deadline deadline, Context loop) {
        UpstreamRequest request = checked.request();
        if (deadline.expired()) {
            return Uni.createFrom().item(() -> CallItems.deadlineResult(request, deadline));
        }
        return shared(checked, deadline, loop)
                .map(result -> forCaller(request, result));
    }

    private Uni<ItemResult> shared(CheckedRequest checked, Deadline deadline, Context loop) {
        UpstreamRequest request = checked.request();
        if (!request.method().equals("GET")) {
            return permitted(checked, deadline, loop, Optional.empty(), null);
        }
        String key = ResponseCache.key(request);
        Optional<ResponseCache.Entry> cached = cache.enabled() ? cache.lookup(key) : Optional.empty();
        if (cached.isPresent() && cached.get().fresh()) {
            metrics.cache("hit");
            return toResult(request, cached.get().response(), System.nanoTime());
        }
        // the shared work runs under the latest deadline of the callers waiting for it, not the leader's
        return coalescer.run(key, deadline,
                sharedDeadline -> permitted(checked, sharedDeadline, loop, cached, cache.enabled() ? key : null),
                joined -> metrics.cache(joined ? "coalesced" : "miss"));
    }

    private Uni<ItemResult> permitted(CheckedRequest checked, Deadline deadline, Context loop,
            Optional<ResponseCache.Entry> stale, String cacheKey) {
        long queuedAt = System.nanoTime();
        return limits.withPermits(checked.hostKey(), () -> {
            metrics.queued(queuedAt);
            if (deadline.expired()) {
                // The slot was freed by the same deadline (an in-flight item cut a moment earlier): don't start.
                return Uni.createFrom().item(() -> CallItems.deadlineResult(checked.request(), deadline));
            }
            return EventLoops.on(loop, () -> fetch(checked, deadline, stale, cacheKey));
        });
    }

    private Uni<ItemResult> fetch(CheckedRequest checked, Deadline deadline, Optional<ResponseCache.Entry> stale,
            String cacheKey) {
        UpstreamRequest request = checked.request();
        String host = checked.hostKey();
        long start = System.nanoTime();
        Duration timeout = requestLimits.timeoutOf(request);
        UpstreamRequest sent = stale.filter(ResponseCache.Entry::revalidatable)
                .map(entry -> withValidators(request, entry))
                .orElse(request);
        return exchange.exchange(sent, checked.uri(), host, timeout, deadline)
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

    /** After the last item, on the answer's path: a loop, where a stream showed in the loops' CPU profile. */
    private static boolean allOk(List<ItemResult> results) {
        for (ItemResult r : results) {
            if (!r.ok()) {
                return false;
            }
        }
        return true;
    }

    private static List<byte[]> inOrder(AtomicReferenceArray<byte[]> encoded) {
        List<byte[]> list = new ArrayList<>(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            list.add(encoded.get(i));
        }
        return list;
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

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
