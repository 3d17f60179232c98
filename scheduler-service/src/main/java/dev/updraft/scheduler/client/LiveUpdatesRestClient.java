package dev.updraft.scheduler.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.updraft.model.live.PublishResult;
import dev.updraft.scheduler.auth.ServiceTokenHeaders;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The live-updates publish API. Only {@link LiveUpdatesClient} uses this interface. */
@RegisterClientHeaders(ServiceTokenHeaders.class)
@RegisterRestClient(configKey = "live-updates")
@Path("/api/topics")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface LiveUpdatesRestClient {

    @POST
    @Path("/{topic}/events")
    Uni<PublishResult> publish(@PathParam("topic") String topic, JsonNode data);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return DownstreamException.httpStatus("live-updates", response.getStatus(), response.readEntity(String.class));
    }
}
