package dev.updraft.aggregator.api;

import dev.updraft.aggregator.fanout.EncodedAggregate;
import dev.updraft.aggregator.fanout.FanOut;
import dev.updraft.aggregator.named.NamedAggregations;
import dev.updraft.model.aggregate.AggregateRequest;
import dev.updraft.model.aggregate.AggregateResult;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.SortedMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/** Aggregations declared in configuration, run by name. */
@Path("/api/aggregations")
@Produces(MediaType.APPLICATION_JSON)
public class AggregationsResource {

    private final NamedAggregations named;
    private final FanOut fanOut;

    public AggregationsResource(NamedAggregations named, FanOut fanOut) {
        this.named = named;
        this.fanOut = fanOut;
    }

    @GET
    @Operation(summary = "The declared aggregations and their requests")
    public SortedMap<String, AggregateRequest> list() {
        return named.all();
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "Run a declared aggregation; same answer as POST /api/aggregate")
    @APIResponse(responseCode = "200", description = "One result per declared request, in id order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AggregateResult.class)))
    public Uni<RestResponse<EncodedAggregate>> run(@PathParam("name") String name) {
        AggregateRequest request = named.find(name)
                .orElseThrow(() -> new NotFoundException("no aggregation named '" + name + "'; declared: "
                        + named.all().keySet()));
        return fanOut.aggregate(request)
                .map(AggregateResource::withCompletedHeader);
    }
}
