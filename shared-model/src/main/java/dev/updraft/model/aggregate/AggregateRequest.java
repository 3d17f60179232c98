package dev.updraft.model.aggregate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.updraft.model.DurationJson;
import dev.updraft.model.Durations;
import dev.updraft.model.InvalidFieldException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Body of {@code POST /api/aggregate}. Requests without an id get their index as id; ids are unique.
 * {@code deadline} (null: the service default) bounds the whole call, queueing included.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AggregateRequest(
        List<UpstreamRequest> requests,
        @JsonSerialize(using = DurationJson.Serializer.class)
        @JsonDeserialize(using = DurationJson.Deserializer.class)
        Duration deadline,
        Boolean merge) {

    public AggregateRequest {
        if (requests == null || requests.isEmpty()) {
            throw new InvalidFieldException("requests", "requests must hold at least one request");
        }
        requests = withUniqueIds(requests);
        Durations.requirePositive("deadline", deadline);
        merge = Boolean.TRUE.equals(merge);
    }

    private static List<UpstreamRequest> withUniqueIds(List<UpstreamRequest> requests) {
        List<UpstreamRequest> named = new ArrayList<>(requests.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requests.size(); i++) {
            UpstreamRequest r = requests.get(i);
            if (r == null) {
                throw new InvalidFieldException("requests[" + i + "]", "requests[" + i + "] must not be null");
            }
            UpstreamRequest withId = r.id() == null ? r.withId(Integer.toString(i)) : r;
            if (!seen.add(withId.id())) {
                throw new InvalidFieldException("requests[" + i + "].id", "id '" + withId.id() + "' is used twice");
            }
            named.add(withId);
        }
        return List.copyOf(named);
    }
}
