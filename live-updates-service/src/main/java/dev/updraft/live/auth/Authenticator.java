package dev.updraft.live.auth;

import dev.updraft.live.config.LiveConfig;
import dev.updraft.live.config.UserNames;
import dev.updraft.live.engine.TopicPatterns;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns a request's token into a {@link Grant}. quarkus-smallrye-jwt verifies the token (signature, expiry,
 * with the key of {@link JwtKeySelection}); this class only finds it, since browsers cannot set headers on
 * a WebSocket or EventSource ({@code access_token} query parameter, RFC 6750 section 2.3), and reads the
 * Updraft claims. A token past its {@code exp} is refused here even within smallrye-jwt's clock skew, so
 * that an upgrade and the 4001 close of an open connection agree on when a token ends.
 */
@ApplicationScoped
public class Authenticator {

    public static final String ACCESS_TOKEN = "access_token";
    private static final String BEARER = "Bearer ";

    private final boolean enabled;
    private final JWTParser parser;
    private final int maxUserLength;

    public Authenticator(AuthConfig auth, JWTParser parser, LiveConfig config) {
        this.enabled = auth.enabled();
        this.parser = parser;
        this.maxUserLength = config.limits().maxUserLength();
    }

    public boolean enabled() {
        return enabled;
    }

    /** The caller's grant; {@link Grant#OPEN} without authentication. */
    public Grant authenticate(HttpServerRequest request) {
        if (!enabled) {
            return Grant.OPEN;
        }
        String token = tokenOf(request);
        if (token == null) {
            throw AuthException.missing();
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            throw AuthException.invalid("bad signature, expired or malformed");
        }
        long expiresAt = jwt.getExpirationTime() * 1000;
        if (expiresAt <= System.currentTimeMillis()) {
            throw AuthException.invalid("expired");
        }
        String user = jwt.getSubject();
        if (user == null || user.isBlank() || !UserNames.acceptable(user, maxUserLength)) {
            throw AuthException.invalid("its sub claim must be a user name of 1 to " + maxUserLength
                    + " characters without control characters");
        }
        return new Grant(user, patterns(jwt.getClaim("subscribe")), patterns(jwt.getClaim("publish")),
                jwt.getGroups(), expiresAt);
    }

    private static String tokenOf(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return header.substring(BEARER.length()).trim();
        }
        String query = request.getParam(ACCESS_TOKEN);
        return query == null || query.isBlank() ? null : query;
    }

    /** A claim holding topic patterns: an array of strings, or one string; absent means no topic. */
    private static TopicPatterns patterns(Object claim) {
        List<String> globs = new ArrayList<>();
        if (claim instanceof JsonArray array) {
            array.forEach(value -> {
                if (value instanceof JsonString s) {
                    globs.add(s.getString());
                }
            });
        } else if (claim instanceof Collection<?> values) {
            values.forEach(value -> globs.add(String.valueOf(value)));
        } else if (claim instanceof JsonString s) {
            globs.add(s.getString());
        } else if (claim instanceof String s) {
            globs.add(s);
        }
        return new TopicPatterns(globs);
    }
}
