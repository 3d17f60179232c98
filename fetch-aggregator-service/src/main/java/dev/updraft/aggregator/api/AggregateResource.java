package dev.updraft.aggregator.api;

import dev.updraft.aggregator.fanout.EncodedAggregate;
import dev.updraft.aggregator.fanout.FanOut;
import dev.updraft.model.InvalidFieldException;
import dev.updraft.model.aggregate.AggregateRequest;
import dev.updraft.model.aggregate.AggregateResult;
import dev.updraft.model.aggregate.ItemResult;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** {@code POST /api/aggregate} and its streaming variant; the work happens in {@link FanOut}. */
@Path("/api/aggregate")
@Consumes(MediaType.APPLICATION_JSON)
public class AggregateResource {

    public static final String COMPLETED_HEADER = "X-Aggregate-Completed";

    private final FanOut fanOut;

    public AggregateResource(FanOut fanOut) {
        this.fanOut = fanOut;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Fetch all requests concurrently; results in request order, failures per item")
    @APIResponse(responseCode = "200", description = "One result per request, in request order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AggregateResult.class)))
    public Uni<RestResponse<EncodedAggregate>> aggregate(AggregateRequest request) {
        return fanOut.aggregate(required(request))
                .map(AggregateResource::withCompletedHeader);
    }

    @POST
    @Path("/stream")
    @Produces("application/x-ndjson")
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Like /api/aggregate, one NDJSON line per request as each completes")
    public Multi<ItemResult> stream(AggregateRequest request) {
        return fanOut.stream(required(request));
    }

    static RestResponse<EncodedAggregate> withCompletedHeader(EncodedAggregate aggregate) {
        return RestResponse.ResponseBuilder.ok(aggregate)
                .header(COMPLETED_HEADER, Boolean.toString(aggregate.result().completed()))
                .build();
    }

    private static AggregateRequest required(AggregateRequest request) {
        if (request == null) {
            throw new InvalidFieldException(null, "the request body is required: {\"requests\":[{\"url\":\"...\"}]}");
        }
        return request;
    }
}
