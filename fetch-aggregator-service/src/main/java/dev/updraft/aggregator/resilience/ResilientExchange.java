package dev.updraft.aggregator.resilience;

import dev.updraft.aggregator.config.AggregatorConfig;
import dev.updraft.aggregator.fanout.Deadline;
import dev.updraft.aggregator.upstream.Failures;
import dev.updraft.aggregator.upstream.UpstreamClient;
import dev.updraft.aggregator.upstream.UpstreamFailure;
import dev.updraft.aggregator.upstream.UpstreamResponse;
import dev.updraft.model.Durations;
import dev.updraft.model.aggregate.ErrorKind;
import dev.updraft.model.aggregate.UpstreamRequest;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The upstream exchange with its safety nets: the host's circuit breaker, retries with exponential
 * backoff and full jitter for idempotent methods (connect failures and 502/503/504 only, never past the
 * deadline), and optional hedging of GETs. Each attempt has the request's full timeout.
 */
@Singleton
public class ResilientExchange {

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    private final UpstreamClient client;
    private final CircuitBreakers breakers;
    private final AggregatorConfig.Retry retry;
    private final AggregatorConfig.Hedging hedging;

    public ResilientExchange(UpstreamClient client, CircuitBreakers breakers, AggregatorConfig config) {
        this.client = client;
        this.breakers = breakers;
        this.retry = config.retry();
        this.hedging = config.hedging();
    }

    /** {@code uri} is the request's URL, parsed once by the caller. */
    public Uni<UpstreamResponse> exchange(UpstreamRequest request, URI uri, String hostKey, Duration timeout,
            Deadline deadline) {
        return attempt(request, uri, hostKey, timeout, deadline, 1);
    }

    private Uni<UpstreamResponse> attempt(UpstreamRequest request, URI uri, String hostKey, Duration timeout,
            Deadline deadline, int attempt) {
        return guarded(request, uri, hostKey, timeout)
                .onItemOrFailure().transformToUni((response, failure) -> {
                    Duration backoff = backoff(attempt);
                    if (shouldRetry(request, response, failure, attempt)
                            && deadline.remaining().compareTo(backoff) > 0) {
                        Log.debugf("retry %d of %s %s in %s", attempt, request.method(), request.url(), backoff);
                        return Uni.createFrom().voidItem()
                                .onItem().delayIt().by(backoff)
                                .chain(() -> attempt(request, uri, hostKey, timeout, deadline, attempt + 1));
                    }
                    return failure != null ? Uni.createFrom().failure(failure) : Uni.createFrom().item(response);
                });
    }

    /** Asked after every exchange: the common answer, a success, is settled before any set lookup. */
    private boolean shouldRetry(UpstreamRequest request, UpstreamResponse response, Throwable failure, int attempt) {
        boolean retryable = failure != null ? Failures.describe(failure).kind() == ErrorKind.CONNECT
                : response.status() >= 502 && response.status() <= 504;
        return retryable && attempt < retry.maxAttempts() && IDEMPOTENT.contains(request.method());
    }

    /** Full jitter: uniformly random in [0, min(max, initial * 2^(attempt-1))]. */
    Duration backoff(int attempt) {
        long ceiling = Math.min(retry.maxBackoff().toMillis(),
                retry.initialBackoff().toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    private Uni<UpstreamResponse> guarded(UpstreamRequest request, URI uri, String hostKey, Duration timeout) {
        if (!breakers.enabled()) {
            return hedged(request, uri, timeout);
        }
        CircuitBreaker breaker = breakers.forHost(hostKey);
        if (!breaker.tryAcquire()) {
            return Uni.createFrom().failure(new UpstreamFailure(ErrorKind.CIRCUIT_OPEN, "circuit for " + hostKey
                    + " is open after repeated failures; next trial in " + Durations.format(breaker.remainingOpen())));
        }
        return hedged(request, uri, timeout)
                .onTermination().invoke((response, failure, cancelled) -> {
                    if (cancelled) {
                        breaker.onNeutral();
                    } else if (failure != null) {
                        record(breaker, Failures.describe(failure).kind());
                    } else {
                        record(breaker, response.status() >= 500 ? ErrorKind.HTTP : null);
                    }
                });
    }

    private static void record(CircuitBreaker breaker, ErrorKind failure) {
        if (failure == null) {
            breaker.onSuccess();
        } else if (failure == ErrorKind.CONNECT || failure == ErrorKind.TIMEOUT || failure == ErrorKind.HTTP
                || failure == ErrorKind.DNS) {
            breaker.onFailure();
        } else {
            breaker.onNeutral();
        }
    }

    /** A second GET after the hedging delay; the first answer wins and the other request is reset. */
    private Uni<UpstreamResponse> hedged(UpstreamRequest request, URI uri, Duration timeout) {
        if (!hedging.enabled() || !request.method().equals("GET")) {
            return client.exchange(request, uri, timeout);
        }
        Uni<UpstreamResponse> backup = Uni.createFrom().voidItem()
                .onItem().delayIt().by(hedging.delay())
                .chain(() -> client.exchange(request, uri, timeout));
        return Uni.combine().any().of(client.exchange(request, uri, timeout), backup);
    }
}
