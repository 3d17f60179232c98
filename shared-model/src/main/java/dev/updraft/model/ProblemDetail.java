package dev.updraft.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * RFC 9457 problem details, served as {@code application/problem+json}. {@code field} is an extension
 * member naming the offending request field (a JSON path such as {@code requests[2].url}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDetail(String type, String title, int status, String detail, String instance, String field) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static ProblemDetail of(int status, String title, String detail) {
        return new ProblemDetail("about:blank", title, status, detail, null, null);
    }

    public static ProblemDetail badRequest(FieldError error) {
        return new ProblemDetail("about:blank", "Bad Request", 400, error.message(), null, error.field());
    }

    public ProblemDetail withInstance(String path) {
        return new ProblemDetail(type, title, status, detail, path, field);
    }
}
