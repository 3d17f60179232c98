package dev.updraft.scheduler.client;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Predicate;

/** Bounded retry with exponential back-off; {@code attempts = 0} means "try once". */
final class Retry {

    private Retry() {
    }

    static <T> Uni<T> when(Uni<T> call, Predicate<Throwable> safeToRepeat, int extraAttempts, Duration backoff) {
        if (extraAttempts <= 0) {
            return call;
        }
        return call
                .onFailure(safeToRepeat)
                .retry().withBackOff(backoff).atMost(extraAttempts);
    }
}
