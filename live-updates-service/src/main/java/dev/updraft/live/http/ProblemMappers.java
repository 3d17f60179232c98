package dev.updraft.live.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.updraft.live.auth.AuthException;
import dev.updraft.live.engine.EngineUnavailableException;
import dev.updraft.model.FieldError;
import dev.updraft.model.InvalidFieldException;
import dev.updraft.model.JsonErrors;
import dev.updraft.model.ProblemDetail;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** RFC 9457 answers for every failure of the HTTP API; bad input is always a 4xx naming the field. */
public class ProblemMappers {

    private final ObjectMapper mapper;

    public ProblemMappers(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @ServerExceptionMapper
    public Response invalidField(InvalidFieldException e, HttpServerRequest request) {
        return problem(ProblemDetail.badRequest(new FieldError(e.field(), e.getMessage())), request);
    }

    @ServerExceptionMapper
    public Response malformedJson(JacksonException e, HttpServerRequest request) {
        return problem(ProblemDetail.badRequest(JsonErrors.describe(e)), request);
    }

    /**
     * Quarkus REST registers its own mapper for this subtype (a 400 with an empty body), which a mapper of
     * the supertype does not override; this one keeps such failures problem+json like every other.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, HttpServerRequest request) {
        return malformedJson(e, request);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return problem(ProblemDetail.of(status.getStatusCode(), status.getReasonPhrase(), e.getMessage()), request);
    }

    /** The engine's store (Redis) did not answer: nothing happened, a retry (here or on another replica) may work. */
    @ServerExceptionMapper
    public Response engineUnavailable(EngineUnavailableException e, HttpServerRequest request) {
        Response problem = problem(ProblemDetail.of(503, "Service Unavailable", e.getMessage() + "; retry shortly"),
                request);
        return Response.fromResponse(problem).header("Retry-After", "1").build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, HttpServerRequest request) {
        Log.errorf(e, "unexpected failure on %s %s", request.method(), request.path());
        return problem(ProblemDetail.of(500, "Internal Server Error",
                "the server failed to handle this request; it has been logged"), request);
    }

    /** Refused by authentication: 401 with the bearer challenge, or 403. */
    @ServerExceptionMapper
    public Response refused(AuthException e, HttpServerRequest request) {
        Response problem = problem(e.problem(), request);
        return e.challenge() == null ? problem
                : Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, e.challenge()).build();
    }

    private Response problem(ProblemDetail problem, HttpServerRequest request) {
        return Response.status(problem.status()).type(ProblemDetail.MEDIA_TYPE)
                .entity(Problems.json(mapper, problem, request)).build();
    }
}
