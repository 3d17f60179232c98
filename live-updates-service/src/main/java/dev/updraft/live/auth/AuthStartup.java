package dev.updraft.live.auth;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;

/**
 * Refuses to start with authentication on and no usable key, and warns when the prod profile runs without
 * authentication. Identical in the three services: shared-model carries no Quarkus code and the module
 * list is fixed, so each service keeps this one small class next to its {@link AuthConfig}.
 */
public class AuthStartup {

    /** HS256 is only as strong as its key; RFC 7518 section 3.2 asks for at least the hash size. */
    static final int MIN_SECRET_BYTES = 32;

    void check(@Observes StartupEvent event, AuthConfig config) {
        boolean secret = config.jwtSecret().isPresent();
        boolean publicKey = config.jwtPublicKeyLocation().isPresent();
        if (secret && publicKey) {
            throw new IllegalStateException("both updraft.auth.jwt-secret and updraft.auth.jwt-public-key-location"
                    + " are set: set only one (the secret for HS256 tokens, the public key for RS256/ES256)");
        }
        if (secret) {
            int bytes = config.jwtSecret().get().getBytes(StandardCharsets.UTF_8).length;
            if (bytes < MIN_SECRET_BYTES) {
                throw new IllegalStateException("updraft.auth.jwt-secret has " + bytes + " bytes; HS256 needs at least "
                        + MIN_SECRET_BYTES + " (e.g. the output of: openssl rand -base64 32)");
            }
        }
        if (!config.enabled()) {
            if (ConfigUtils.isProfileActive("prod")) {
                Log.warn("authentication is disabled (updraft.auth.enabled=false): every API of this service is open"
                        + " and the user query parameter names the sender. Run it like this only behind a gateway"
                        + " that authenticates callers.");
            }
            return;
        }
        if (!secret && !publicKey) {
            throw new IllegalStateException("authentication is on (updraft.auth.enabled=true) but there is no key to"
                    + " verify tokens: set updraft.auth.jwt-secret (HS256, at least " + MIN_SECRET_BYTES + " bytes) or"
                    + " updraft.auth.jwt-public-key-location (RS256/ES256 public key, PEM or JWKS), or set"
                    + " updraft.auth.enabled=false behind a gateway that authenticates callers");
        }
        Log.infof("authentication on: tokens verified with %s", secret ? "the HS256 secret"
                : "the public key at " + config.jwtPublicKeyLocation().get());
    }
}
