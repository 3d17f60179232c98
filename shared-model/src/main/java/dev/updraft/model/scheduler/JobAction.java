package dev.updraft.model.scheduler;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import dev.updraft.model.InvalidFieldException;
import dev.updraft.model.Names;
import dev.updraft.model.aggregate.UpstreamRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a job does when it fires; the JSON {@code type} property selects the record. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = JobAction.AggregatePublish.class, name = "aggregate-publish"),
        @JsonSubTypes.Type(value = JobAction.Http.class, name = "http"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface JobAction {

    /**
     * Runs a named aggregation or inline requests on the aggregator and publishes the result as one
     * event to {@code topic} on live-updates.
     */
    record AggregatePublish(String aggregation, List<UpstreamRequest> requests, String topic) implements JobAction {
        public AggregatePublish {
            if ((aggregation == null) == (requests == null || requests.isEmpty())) {
                throw new InvalidFieldException("aggregation",
                        "aggregate-publish needs exactly one of 'aggregation' or 'requests'");
            }
            if (aggregation != null) {
                Names.require("aggregation", aggregation);
            }
            requests = requests == null ? null : List.copyOf(requests);
            Names.require("topic", topic);
        }
    }

    /** A webhook call. */
    record Http(String method, String url, Map<String, String> headers, JsonNode body) implements JobAction {
        public Http {
            method = method == null ? "POST" : method.toUpperCase(Locale.ROOT);
            if (!UpstreamRequest.METHODS.contains(method)) {
                throw new InvalidFieldException("method", "method '" + method + "' is not one of "
                        + UpstreamRequest.METHODS);
            }
            UpstreamRequest.requireHttpUrl("url", url);
            headers = Names.requireHeaders("headers", headers);
        }
    }
}
