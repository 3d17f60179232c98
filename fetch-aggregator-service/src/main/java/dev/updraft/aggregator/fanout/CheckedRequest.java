package dev.updraft.aggregator.fanout;

import dev.updraft.model.aggregate.UpstreamRequest;
import java.net.URI;

/**
 * A request that passed {@link RequestLimits}, with what the checks worked out: its URL parsed once (the
 * fan-out, the permit queues and the client all use this one) and its host:port, the key of its per-host
 * bound and circuit.
 */
public record CheckedRequest(UpstreamRequest request, URI uri, String hostKey) {
}
