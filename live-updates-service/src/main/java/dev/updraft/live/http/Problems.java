package dev.updraft.live.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.live.auth.AuthException;
import dev.updraft.model.ProblemDetail;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Renders RFC 9457 problem details, the one way every part of the service answers a failure over HTTP.
 * Serialized here rather than by a JSON writer, because none is registered for {@code application/problem+json}.
 */
public final class Problems {

    private Problems() {
    }

    /** The problem as JSON, with the request's path as its {@code instance}. */
    public static String json(ObjectMapper mapper, ProblemDetail problem, HttpServerRequest request) {
        try {
            return mapper.writeValueAsString(problem.withInstance(request.path()));
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot render a problem detail", e);
        }
    }

    /** Ends a plain Vert.x response (routes outside Quarkus REST: SSE, the WebSocket upgrade) with the problem. */
    public static void end(ObjectMapper mapper, ProblemDetail problem, HttpServerRequest request) {
        HttpServerResponse response = request.response();
        response.setStatusCode(problem.status())
                .putHeader("Content-Type", ProblemDetail.MEDIA_TYPE)
                .end(json(mapper, problem, request));
    }

    /** Ends a plain Vert.x response with an authentication refusal: 401 with its bearer challenge, or 403. */
    public static void refuse(ObjectMapper mapper, AuthException refusal, HttpServerRequest request) {
        if (refusal.challenge() != null) {
            request.response().putHeader("WWW-Authenticate", refusal.challenge());
        }
        end(mapper, refusal.problem(), request);
    }
}
