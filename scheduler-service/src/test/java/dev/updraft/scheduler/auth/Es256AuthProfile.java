package dev.updraft.scheduler.auth;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Authentication on with an ES256 public key (PEM on the classpath; test key pair, used nowhere else). */
public class Es256AuthProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("updraft.auth.enabled", "true",
                "updraft.auth.jwt-public-key-location", "auth/es256-public.pem",
                "mp.jwt.verify.publickey.algorithm", "ES256");
    }
}
