package dev.updraft.scheduler.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceTokenTest {

    private Instant now = Instant.parse("2026-11-26T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void aConfiguredTokenIsSentAsItIsEvenWithASecret() {
        ServiceToken token = new ServiceToken(Optional.of("configured.jwt.value"), Optional.of(TestTokens.SECRET),
                Duration.ofMinutes(5), clock);
        assertThat(token.bearer()).contains("configured.jwt.value");
    }

    @Test
    void withoutTokenOrSecretNothingIsSent() {
        assertThat(new ServiceToken(Optional.empty(), Optional.empty(), Duration.ofMinutes(5), clock).bearer()).isEmpty();
    }

    @Test
    void aSignedTokenIsReusedUntilHalfItsLifetimeThenRenewed() {
        ServiceToken token = new ServiceToken(Optional.empty(), Optional.of(TestTokens.SECRET), Duration.ofMinutes(4),
                clock);
        String first = token.bearer().orElseThrow();
        assertThat(payload(first)).contains("\"exp\":" + now.plusSeconds(240).getEpochSecond())
                .contains("\"sub\":\"scheduler-service\"")
                .contains("\"publish\":[\"*\"]");
        now = now.plusSeconds(119);
        assertThat(token.bearer()).contains(first);
        now = now.plusSeconds(1);
        String renewed = token.bearer().orElseThrow();
        assertThat(renewed).isNotEqualTo(first);
        assertThat(payload(renewed)).contains("\"exp\":" + now.plusSeconds(240).getEpochSecond());
    }

    private static String payload(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }
}
