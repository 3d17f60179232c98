package dev.updraft.live.auth;

import dev.updraft.model.ProblemDetail;

/** A refused request: 401 (no or bad token) or 403 (the token does not allow it), answered as problem+json. */
public final class AuthException extends RuntimeException {

    private final int status;
    private final String challenge;

    private AuthException(int status, String message, String challenge) {
        super(message, null, false, false);
        this.status = status;
        this.challenge = challenge;
    }

    static AuthException missing() {
        return new AuthException(401, "a token is required: send Authorization: Bearer <JWT>, or from a browser"
                + " the access_token query parameter", "Bearer");
    }

    static AuthException invalid(String why) {
        return new AuthException(401, "the token was refused (" + why + "): get a fresh token",
                "Bearer error=\"invalid_token\"");
    }

    public static AuthException forbidden(String message) {
        return new AuthException(403, message, null);
    }

    /** {@code claim} names the token claim whose patterns do not match: {@code subscribe} or {@code publish}. */
    public static AuthException forbiddenTopic(String claim, String topic) {
        return forbidden("your token's " + claim + " claim does not allow topic '" + topic + "'");
    }

    public ProblemDetail problem() {
        return ProblemDetail.of(status, status == 401 ? "Unauthorized" : "Forbidden", getMessage());
    }

    /** The {@code WWW-Authenticate} value of a 401, null for a 403. */
    public String challenge() {
        return challenge;
    }
}
