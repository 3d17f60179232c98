package dev.updraft.live.auth;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Hands the platform's key ({@code updraft.auth.jwt-secret} or {@code updraft.auth.jwt-public-key-location})
 * to quarkus-smallrye-jwt, which verifies the tokens. A plain property mapping cannot do it: smallrye-jwt
 * takes a secret only as a JSON Web Key, and the accepted algorithm has to follow the kind of key (HS256 for
 * the secret, so that no other algorithm is tried with it). Public keys keep smallrye-jwt's RS256 default; an
 * ES256 PEM key also needs
 * {@code mp.jwt.verify.publickey.algorithm=ES256}. Ordinal 275: above application.properties, below
 * environment variables and system properties, so an explicit smallrye-jwt setting still wins.
 */
public class JwtKeySelection implements ConfigSourceFactory {

    private static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> properties = new HashMap<>();
        String secret = value(context, "updraft.auth.jwt-secret");
        String location = value(context, "updraft.auth.jwt-public-key-location");
        if (secret != null) {
            properties.put("smallrye.jwt.verify.secretkey", octetJwk(secret));
            properties.put("mp.jwt.verify.publickey.algorithm", "HS256");
        }
        if (location != null) {
            properties.put("mp.jwt.verify.publickey.location", location);
        }
        return List.of(new PropertiesConfigSource(properties, "updraft-jwt-key-selection", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** The secret's UTF-8 bytes as a JWK, the same key that {@code Jwt...signWithSecret(secret)} signs with. */
    static String octetJwk(String secret) {
        String k = Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        return "{\"kty\":\"oct\",\"k\":\"" + k + "\"}";
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }
}
