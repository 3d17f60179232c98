package dev.updraft.scheduler.auth;

import dev.updraft.model.ProblemDetail;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * problem+json for the API's permission check ({@code quarkus.http.auth.permission.api.*} in
 * application.properties, applied in the JAX-RS layer so that these mappers see its failures).
 */
public class AuthProblemMappers {

    static final String GROUP = "scheduler-admin";

    @ServerExceptionMapper
    public Response noToken(UnauthorizedException e, HttpServerRequest request) {
        return problem(401, "a bearer token is required: send Authorization: Bearer <JWT> with group '" + GROUP
                + "'", "Bearer", request);
    }

    @ServerExceptionMapper
    public Response badToken(AuthenticationFailedException e, HttpServerRequest request) {
        return problem(401, "the bearer token was refused (bad signature, expired or malformed): get a fresh token",
                "Bearer error=\"invalid_token\"", request);
    }

    @ServerExceptionMapper
    public Response wrongGroup(ForbiddenException e, HttpServerRequest request) {
        return problem(403, "this API needs a token whose groups claim contains '" + GROUP + "'", null, request);
    }

    private static Response problem(int status, String detail, String challenge, HttpServerRequest request) {
        Response.ResponseBuilder response = Response.status(status)
                .type(ProblemDetail.MEDIA_TYPE)
                .entity(ProblemDetail.of(status, status == 401 ? "Unauthorized" : "Forbidden", detail)
                        .withInstance(request.path()));
        return challenge == null ? response.build() : response.header(HttpHeaders.WWW_AUTHENTICATE, challenge).build();
    }
}
