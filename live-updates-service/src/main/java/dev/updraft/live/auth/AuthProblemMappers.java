package dev.updraft.live.auth;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.model.ProblemDetail;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** problem+json for {@link AuthException} on the HTTP API, with the bearer challenge on a 401. */
public class AuthProblemMappers {

    private final ObjectMapper mapper;

    public AuthProblemMappers(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @ServerExceptionMapper
    public Response refused(AuthException e, HttpServerRequest request) throws JacksonException {
        ProblemDetail problem = e.problem().withInstance(request.path());
        // serialized here: the JSON writer is not registered for application/problem+json
        Response.ResponseBuilder response = Response.status(problem.status())
                .type(ProblemDetail.MEDIA_TYPE)
                .entity(mapper.writeValueAsString(problem));
        return e.challenge() == null ? response.build()
                : response.header(HttpHeaders.WWW_AUTHENTICATE, e.challenge()).build();
    }
}
