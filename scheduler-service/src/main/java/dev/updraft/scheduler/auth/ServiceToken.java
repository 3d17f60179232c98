package dev.updraft.scheduler.auth;

import dev.updraft.scheduler.config.SchedulerConfig;
import io.quarkus.logging.Log;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer token the scheduler sends to the aggregator and to live-updates. A token configured in
 * {@code updraft.scheduler.auth.token} is sent as it is (the platform verifies with a public key, so the
 * scheduler cannot sign). Otherwise, with the platform's HS256 secret ({@code updraft.auth.jwt-secret}),
 * the scheduler signs a short-lived token of its own: subject {@link #SUBJECT}, groups {@code aggregator}
 * and {@code publisher}, {@code publish: ["*"]}, renewed when half of its lifetime is gone. Without either,
 * no token is sent (the other services run without authentication).
 */
@ApplicationScoped
public class ServiceToken {

    static final String SUBJECT = "scheduler-service";
    static final Set<String> GROUPS = Set.of("aggregator", "publisher");

    private final Optional<String> configured;
    private final Optional<String> secret;
    private final Duration lifetime;
    private final Clock clock;
    /** The last minted token; racing renewals may both mint, which costs a signature and nothing else. */
    private volatile Minted minted;

    private record Minted(String token, Instant renewAt) {
    }

    @Inject
    public ServiceToken(SchedulerConfig scheduler, AuthConfig auth, Clock clock) {
        this(scheduler.auth().token(), auth.jwtSecret(), scheduler.auth().tokenLifetime(), clock);
    }

    ServiceToken(Optional<String> configured, Optional<String> secret, Duration lifetime, Clock clock) {
        this.configured = configured;
        this.secret = secret;
        this.lifetime = lifetime;
        this.clock = clock;
        if (configured.isPresent()) {
            Log.info("calls to the aggregator and live-updates carry the token of updraft.scheduler.auth.token");
        } else if (secret.isPresent()) {
            Log.infof("calls to the aggregator and live-updates carry a token signed here, renewed every %s",
                    lifetime.dividedBy(2));
        }
    }

    /** The token to send, if any. */
    public Optional<String> bearer() {
        if (configured.isPresent() || secret.isEmpty()) {
            return configured;
        }
        Minted current = minted;
        Instant now = clock.instant();
        if (current == null || !now.isBefore(current.renewAt())) {
            current = new Minted(mint(now), now.plus(lifetime.dividedBy(2)));
            minted = current;
        }
        return Optional.of(current.token());
    }

    private String mint(Instant now) {
        return Jwt.subject(SUBJECT)
                .groups(GROUPS)
                .claim("publish", List.of("*"))
                .issuedAt(now)
                .expiresAt(now.plus(lifetime))
                .signWithSecret(secret.get());
    }
}
