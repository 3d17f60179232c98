package dev.updraft.scheduler.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.updraft.scheduler.support.PackagedApp;
import io.smallrye.jwt.build.Jwt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The packaged scheduler in its prod profile: closed by default, refuses to start without a usable key. */
class AuthStartupIT {

    private static final String SECRET = "packaged-secret-of-at-least-32-bytes!";

    private static Map<String, String> properties(Map<String, String> auth) throws Exception {
        Map<String, String> p = new HashMap<>(auth);
        p.put("updraft.scheduler.data-dir", Files.createTempDirectory(Path.of("target").toAbsolutePath(), "auth-it-").toString());
        p.put("updraft.scheduler.platform-status.enabled", "false");
        return p;
    }

    @Test
    void refusesToStartWithAuthOnAndNoKeyNamingTheKeysToSet() {
        assertThatThrownBy(() -> PackagedApp.start(properties(Map.of("updraft.auth.enabled", "true"))).close())
                .hasMessageContaining("exited with")
                .hasMessageContaining("set updraft.auth.jwt-secret")
                .hasMessageContaining("updraft.auth.jwt-public-key-location");
    }

    @Test
    void refusesASecretShorterThan32Bytes() {
        assertThatThrownBy(() -> PackagedApp.start(properties(Map.of("updraft.auth.enabled", "true",
                "updraft.auth.jwt-secret", "too-short"))).close())
                .hasMessageContaining("updraft.auth.jwt-secret has 9 bytes; HS256 needs at least 32");
    }

    @Test
    void warnsWhenAuthIsDisabledInProd() throws Exception {
        try (PackagedApp app = PackagedApp.start(properties(Map.of("updraft.auth.enabled", "false")))) {
            assertThat(app.output()).containsPattern("WARN .*authentication is disabled \\(updraft.auth.enabled=false\\)");
            given().when().get(app.url() + "/api/jobs").then().statusCode(200);
            app.stop();
        }
    }

    @Test
    void withASecretTheJobApiNeedsTheSchedulerAdminGroup() throws Exception {
        try (PackagedApp app = PackagedApp.start(properties(Map.of("updraft.auth.enabled", "true",
                "updraft.auth.jwt-secret", SECRET)))) {
            assertThat(app.output()).doesNotContain("authentication is disabled");
            given().when().get(app.url() + "/api/jobs").then().statusCode(401);
            String admin = Jwt.subject("ops").groups(Set.of("scheduler-admin")).expiresIn(60).signWithSecret(SECRET);
            given().auth().oauth2(admin).when().get(app.url() + "/api/jobs").then().statusCode(200);
            app.stop();
        }
    }
}
