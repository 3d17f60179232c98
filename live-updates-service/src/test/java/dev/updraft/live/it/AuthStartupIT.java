package dev.updraft.live.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged service in its prod profile: closed by default, refuses to start without a usable key. */
class AuthStartupIT {

    @Test
    void refusesToStartWithAuthOnAndNoKeyNamingTheKeysToSet() {
        assertThatThrownBy(() -> PackagedLive.start("auth-no-key", Map.of(), "prod").close())
                .hasMessageContaining("exited with")
                .hasMessageContaining("set updraft.auth.jwt-secret")
                .hasMessageContaining("updraft.auth.jwt-public-key-location");
    }

    @Test
    void refusesASecretShorterThan32Bytes() {
        assertThatThrownBy(() -> PackagedLive.start("auth-short-secret",
                Map.of("updraft.auth.jwt-secret", "too-short"), "prod").close())
                .hasMessageContaining("updraft.auth.jwt-secret has 9 bytes; HS256 needs at least 32");
    }

    @Test
    void startsClosedWithASecretAndWarnsWhenAuthIsDisabled() throws Exception {
        try (PackagedLive closed = PackagedLive.start("auth-secret",
                Map.of("updraft.auth.jwt-secret", "packaged-secret-of-at-least-32-bytes!"), "prod")) {
            given().when().get(closed.http() + "/api/topics").then().statusCode(401);
            given().when().get(closed.http() + "/").then().statusCode(200);
            assertThat(closed.output()).doesNotContain("authentication is disabled");
        }
        try (PackagedLive open = PackagedLive.start("auth-off", Map.of("updraft.auth.enabled", "false"), "prod")) {
            assertThat(open.output()).containsPattern("WARN .*authentication is disabled \\(updraft.auth.enabled=false\\)");
            given().when().get(open.http() + "/api/topics").then().statusCode(200);
        }
    }
}
