package dev.updraft.aggregator.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.updraft.aggregator.config.AggregatorConfig;
import dev.updraft.aggregator.upstream.BodyDecoder;
import dev.updraft.aggregator.upstream.Failures;
import dev.updraft.aggregator.upstream.UpstreamClient;
import dev.updraft.aggregator.upstream.UpstreamResponse;
import dev.updraft.model.Durations;
import dev.updraft.model.InvalidFieldException;
import dev.updraft.model.aggregate.AggregateRequest;
import dev.updraft.model.aggregate.AggregateResult;
import dev.updraft.model.aggregate.ErrorKind;
import dev.updraft.model.aggregate.ItemError;
import dev.updraft.model.aggregate.ItemResult;
import dev.updraft.model.aggregate.UpstreamRequest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Runs an aggregation: every request at once, bounded by {@link ConcurrencyLimits}, each within its own
 * timeout once it holds a slot, all within the call's deadline. A failure never escapes an item: it becomes
 * that item's {@code error}, so the call always answers, in request order, by its deadline.
 */
@ApplicationScoped
public class FanOut {

    private final UpstreamClient client;
    private final BodyDecoder decoder;
    private final ConcurrencyLimits limits;
    private final AggregatorConfig config;

    public FanOut(UpstreamClient client, BodyDecoder decoder, ConcurrencyLimits limits, AggregatorConfig config) {
        this.client = client;
        this.decoder = decoder;
        this.limits = limits;
        this.config = config;
    }

    public Uni<AggregateResult> aggregate(AggregateRequest request) {
        Deadline deadline = Deadline.in(validatedDeadline(request));
        List<Uni<ItemResult>> items = request.requests().stream()
                .map(r -> item(r, deadline))
                .toList();
        return Uni.join().all(items).andFailFast()
                .map(results -> new AggregateResult(results.stream().allMatch(ItemResult::ok),
                        deadline.elapsedMillis(), results, request.merge() ? merged(results) : null));
    }

    /** The same work as {@link #aggregate}, each result emitted as soon as it is known. */
    public Multi<ItemResult> stream(AggregateRequest request) {
        Deadline deadline = Deadline.in(validatedDeadline(request));
        // All items are subscribed at once; the permit queues, not merge's concurrency, bound the work.
        return Multi.createFrom().iterable(request.requests())
                .onItem().transformToUni(r -> item(r, deadline))
                .merge(request.requests().size());
    }

    Uni<ItemResult> item(UpstreamRequest request, Deadline deadline) {
        if (deadline.expired()) {
            return Uni.createFrom().item(() -> deadlineResult(request, deadline));
        }
        return limits.withPermits(hostKey(request), () -> fetch(request))
                .ifNoItem().after(atLeastOneMilli(deadline.remaining()))
                .recoverWithItem(() -> deadlineResult(request, deadline));
    }

    private Uni<ItemResult> fetch(UpstreamRequest request) {
        long start = System.nanoTime();
        Duration timeout = request.timeout() != null ? request.timeout() : config.limits().timeout();
        return client.exchange(request, timeout)
                .chain(response -> toResult(request, response, start))
                .onFailure().recoverWithItem(f -> ItemResult.failed(request, millisSince(start), Failures.describe(f)));
    }

    private Uni<ItemResult> toResult(UpstreamRequest request, UpstreamResponse response, long start) {
        if (!response.successful()) {
            return Uni.createFrom().item(ItemResult.failed(request, millisSince(start), new ItemError(ErrorKind.HTTP,
                    "upstream answered " + response.status(), response.status())));
        }
        return decoder.decode(response.contentType(), response.body())
                .map(decoded -> new ItemResult(request.id(), request.url(), response.status(), millisSince(start),
                        response.contentType(), (long) response.body().length(), decoded.body(), decoded.encoding(),
                        decoded.sha256(), null));
    }

    private static ItemResult deadlineResult(UpstreamRequest request, Deadline deadline) {
        return ItemResult.failed(request, deadline.elapsedMillis(), ItemError.of(ErrorKind.DEADLINE,
                "the call's deadline passed after " + deadline.elapsedMillis() + "ms before this request finished"));
    }

    private Duration validatedDeadline(AggregateRequest request) {
        int max = config.limits().maxRequests();
        if (request.requests().size() > max) {
            throw new InvalidFieldException("requests", "at most " + max + " requests per call, got "
                    + request.requests().size());
        }
        Duration deadline = request.deadline() != null ? request.deadline() : config.limits().deadline();
        Duration maxDeadline = config.limits().maxDeadline();
        if (deadline.compareTo(maxDeadline) > 0) {
            throw new InvalidFieldException("deadline", "deadline " + Durations.format(deadline)
                    + " is longer than the allowed " + Durations.format(maxDeadline));
        }
        return deadline;
    }

    static String hostKey(UpstreamRequest request) {
        URI uri = URI.create(request.url());
        int port = uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        return uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
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
