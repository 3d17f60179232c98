package dev.updraft.scheduler.client;

import dev.updraft.model.aggregate.AggregateRequest;
import dev.updraft.model.aggregate.AggregateResult;
import dev.updraft.scheduler.auth.ServiceTokenHeaders;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The aggregator's HTTP API as DESIGN.md fixes it. Only {@link AggregatorClient} uses this interface. */
@RegisterClientHeaders(ServiceTokenHeaders.class)
@RegisterRestClient(configKey = "aggregator")
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface AggregatorRestClient {

    @POST
    @Path("/aggregate")
    Uni<AggregateResult> aggregate(AggregateRequest request);

    @GET
    @Path("/aggregations/{name}")
    Uni<AggregateResult> named(@PathParam("name") String name);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return DownstreamException.httpStatus("aggregator", response.getStatus(), response.readEntity(String.class));
    }
}
