package dev.updraft.scheduler.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.updraft.model.FieldError;
import dev.updraft.model.InvalidFieldException;
import dev.updraft.model.JsonErrors;
import dev.updraft.model.ProblemDetail;
import dev.updraft.scheduler.job.JobExistsException;
import dev.updraft.scheduler.job.JobNotFoundException;
import dev.updraft.scheduler.job.JobRepository;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error answer is RFC 9457 problem+json; bad input names the offending field. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalidField(InvalidFieldException e, UriInfo uri) {
        return badRequest(JsonErrors.describe(e), uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        return badRequest(JsonErrors.describe(e), uri);
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return badRequest(JsonErrors.describe(e), uri);
    }

    @ServerExceptionMapper
    public Response notFound(JobNotFoundException e, UriInfo uri) {
        return problem(ProblemDetail.of(404, "Not Found", e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response conflict(JobExistsException e, UriInfo uri) {
        return problem(ProblemDetail.of(409, "Conflict", e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response store(JobRepository.StoreException e, UriInfo uri) {
        Log.error("job store failure", e);
        return problem(ProblemDetail.of(503, "Service Unavailable", e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        // Quarkus REST wraps some body-reading failures; the Jackson cause still knows the field.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException || cause instanceof InvalidFieldException) {
                return badRequest(JsonErrors.describe(cause), uri);
            }
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        return problem(ProblemDetail.of(status.getStatusCode(), status.getReasonPhrase(), e.getMessage()), uri);
    }

    /** Anything else is a bug: logged with its stack, answered as problem+json rather than Quarkus' default page. */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        Log.errorf(e, "unexpected failure on %s", uri.getPath());
        return problem(ProblemDetail.of(500, "Internal Server Error", "unexpected failure; see the service log"), uri);
    }

    private static Response badRequest(FieldError error, UriInfo uri) {
        return problem(ProblemDetail.badRequest(error), uri);
    }

    private static Response problem(ProblemDetail problem, UriInfo uri) {
        return Response.status(problem.status())
                .type(ProblemDetail.MEDIA_TYPE)
                .entity(problem.withInstance(uri.getPath()))
                .build();
    }
}
