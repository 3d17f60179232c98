package dev.updraft.aggregator.named;

import dev.updraft.aggregator.config.AggregatorConfig;
import dev.updraft.aggregator.fanout.RequestLimits;
import dev.updraft.model.InvalidFieldException;
import dev.updraft.model.aggregate.AggregateRequest;
import dev.updraft.model.aggregate.UpstreamRequest;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Aggregations declared in configuration ({@code updraft.aggregator.aggregations.<name>.…}), validated once
 * at start-up with the same rules as a request body, so that a typo fails the start naming the key rather
 * than every call. Requests run in the order of their ids.
 */
@Startup
@ApplicationScoped
public class NamedAggregations {

    private final SortedMap<String, AggregateRequest> byName = new TreeMap<>();

    public NamedAggregations(AggregatorConfig config, RequestLimits limits) {
        config.aggregations().forEach((name, declared) -> byName.put(name, build(name, declared, limits)));
        Log.infof("named aggregations: %s", byName.keySet());
    }

    public Optional<AggregateRequest> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public SortedMap<String, AggregateRequest> all() {
        return Collections.unmodifiableSortedMap(byName);
    }

    private static AggregateRequest build(String name, AggregatorConfig.NamedAggregation declared,
            RequestLimits limits) {
        String prefix = "updraft.aggregator.aggregations." + name;
        List<UpstreamRequest> requests = new ArrayList<>();
        for (Map.Entry<String, AggregatorConfig.NamedRequest> e : new TreeMap<>(declared.requests()).entrySet()) {
            AggregatorConfig.NamedRequest r = e.getValue();
            try {
                requests.add(new UpstreamRequest(e.getKey(), r.url(), r.method(), r.headers(), r.timeout().orElse(null),
                        r.select().orElse(null)));
            } catch (InvalidFieldException invalid) {
                throw new IllegalStateException(prefix + ".requests." + e.getKey() + "." + invalid.field() + ": "
                        + invalid.getMessage(), invalid);
            }
        }
        try {
            AggregateRequest request = new AggregateRequest(requests, declared.deadline().orElse(null),
                    declared.merge());
            limits.check(request);
            return request;
        } catch (InvalidFieldException invalid) {
            throw new IllegalStateException(prefix + "." + invalid.field() + ": " + invalid.getMessage(), invalid);
        }
    }
}
