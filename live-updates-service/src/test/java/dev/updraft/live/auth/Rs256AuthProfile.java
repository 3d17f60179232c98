package dev.updraft.live.auth;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Authentication on with an RS256 public key (PEM on the classpath; test key pair, used nowhere else). */
public class Rs256AuthProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("updraft.auth.enabled", "true", "updraft.auth.jwt-public-key-location", "auth/rs256-public.pem");
    }
}
