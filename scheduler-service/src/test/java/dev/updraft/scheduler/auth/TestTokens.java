package dev.updraft.scheduler.auth;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.util.Set;

/** Real signed tokens for the tests: HS256 with {@link #SECRET}, ES256 with the test key pair under auth/. */
final class TestTokens {

    static final String SECRET = "test-secret-of-at-least-32-bytes-for-hs256";

    private TestTokens() {
    }

    static JwtClaimsBuilder claims(String... groups) {
        return Jwt.subject("ops").groups(Set.of(groups)).expiresIn(300);
    }

    static String hs256(String... groups) {
        return claims(groups).signWithSecret(SECRET);
    }

    static String es256(String... groups) throws Exception {
        return claims(groups).jws().algorithm(SignatureAlgorithm.ES256)
                .sign(KeyUtils.readPrivateKey("auth/es256-private.pem", SignatureAlgorithm.ES256));
    }
}
