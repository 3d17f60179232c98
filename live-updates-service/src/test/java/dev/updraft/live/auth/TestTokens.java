package dev.updraft.live.auth;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.util.List;
import java.util.Set;

/** Real signed tokens for the tests: HS256 with {@link #SECRET}, RS256 with the test key pair under auth/. */
final class TestTokens {

    static final String SECRET = "test-secret-of-at-least-32-bytes-for-hs256";

    private TestTokens() {
    }

    /** Subject {@code user}, the given subscribe and publish patterns, valid for five minutes. */
    static JwtClaimsBuilder claims(String user, List<String> subscribe, List<String> publish) {
        return Jwt.subject(user).claim("subscribe", subscribe).claim("publish", publish).expiresIn(300);
    }

    static String hs256(String user, List<String> subscribe, List<String> publish, String... groups) {
        return claims(user, subscribe, publish).groups(Set.of(groups)).signWithSecret(SECRET);
    }

    static String rs256(String user, List<String> subscribe, List<String> publish) throws Exception {
        return claims(user, subscribe, publish).jws().algorithm(SignatureAlgorithm.RS256)
                .sign(KeyUtils.readPrivateKey("auth/rs256-private.pem", SignatureAlgorithm.RS256));
    }
}
