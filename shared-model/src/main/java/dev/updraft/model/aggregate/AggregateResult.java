package dev.updraft.model.aggregate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Answer of an aggregation: results in request order; {@code completed} is true when every item has a
 * response. {@code merged} holds the JSON bodies keyed by request id when the request asked to merge.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AggregateResult(boolean completed, long elapsedMs, List<ItemResult> results, JsonNode merged) {
}
