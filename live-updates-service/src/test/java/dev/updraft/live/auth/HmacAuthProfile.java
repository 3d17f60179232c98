package dev.updraft.live.auth;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Authentication on, as in prod, with an HS256 secret. */
public class HmacAuthProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("updraft.auth.enabled", "true", "updraft.auth.jwt-secret", TestTokens.SECRET);
    }
}
