package dev.updraft.live.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The platform-wide authentication keys (DESIGN.md), shared by the three services under {@code updraft.auth}
 * rather than {@code updraft.live}. quarkus-smallrye-jwt verifies the tokens with the key
 * {@link JwtKeySelection} hands it; this interface serves {@link AuthStartup} and {@code Authenticator}.
 */
@ConfigMapping(prefix = "updraft.auth")
public interface AuthConfig {

    /** Require tokens on /ws, /sse and /api; {@code false} in the dev and test profiles (application.properties). */
    @WithDefault("true")
    boolean enabled();

    /** HS256 shared secret, at least 32 bytes. */
    Optional<String> jwtSecret();

    /** RS256/ES256 public key: a PEM file or a JWKS, as a path, classpath resource or URL. */
    Optional<String> jwtPublicKeyLocation();
}
