package dev.updraft.aggregator.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.updraft.model.FieldError;
import dev.updraft.model.InvalidFieldException;
import dev.updraft.model.JsonErrors;
import dev.updraft.model.ProblemDetail;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error answer is RFC 9457 problem+json. Bad input is a 400 naming the field; Quarkus REST's own
 * Jackson mappers (which answer without the field, or in another format) are overridden by the more
 * specific mappers here, one per Jackson exception type it registers.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalidField(InvalidFieldException e, HttpServerRequest request) {
        return badRequest(new FieldError(e.field(), e.getMessage()), request);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, HttpServerRequest request) {
        return badRequest(JsonErrors.describe(e), request);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, HttpServerRequest request) {
        return badRequest(JsonErrors.describe(e), request);
    }

    @ServerExceptionMapper
    public Response valueInstantiation(ValueInstantiationException e, HttpServerRequest request) {
        return badRequest(JsonErrors.describe(e), request);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e, HttpServerRequest request) {
        return badRequest(JsonErrors.describe(e), request);
    }

    @ServerExceptionMapper
    public Response jsonParse(JsonParseException e, HttpServerRequest request) {
        return badRequest(JsonErrors.describe(e), request);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, HttpServerRequest request) {
        return badRequest(JsonErrors.describe(e), request);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (status == 400 && cause != null) {
            return badRequest(JsonErrors.describe(cause), request);
        }
        Response.StatusType type = e.getResponse().getStatusInfo();
        return problem(ProblemDetail.of(status, type.getReasonPhrase(), e.getMessage()), request);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, HttpServerRequest request) {
        Log.errorf(e, "unexpected failure on %s %s", request.method(), request.path());
        return problem(ProblemDetail.of(500, "Internal Server Error", "unexpected failure; see the service log"),
                request);
    }

    private static Response badRequest(FieldError error, HttpServerRequest request) {
        return problem(ProblemDetail.badRequest(error), request);
    }

    static Response problem(ProblemDetail problem, HttpServerRequest request) {
        return Response.status(problem.status())
                .type(ProblemDetail.MEDIA_TYPE)
                .entity(problem.withInstance(request.path()))
                .build();
    }
}
