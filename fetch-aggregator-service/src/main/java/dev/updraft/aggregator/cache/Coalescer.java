package dev.updraft.aggregator.cache;

import dev.updraft.aggregator.fanout.Deadline;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Identical concurrent GETs share one upstream call. The first caller starts the work detached from its
 * own subscription, so that the others keep their answer when it gives up (its deadline passed); each
 * caller still waits under its own deadline. The shared work runs under a deadline that each joining
 * caller extends to its own, so a caller with a short deadline cannot cut the answer of one with a longer
 * deadline. When the last waiting caller gives up, the shared work is cancelled too, so that nobody's
 * abandoned request keeps running upstream.
 *
 * <p>Invariant: a {@link Shared} is in {@code inFlight} exactly while its work runs and someone waits for it;
 * its {@code waiters} count only changes inside {@code inFlight.compute*}, i.e. under the map's lock for
 * that key, so joining and the last caller leaving never race.
 */
@Singleton
public class Coalescer {

    private static final class Shared {
        final CompletableFuture<Object> result = new CompletableFuture<>();
        final Deadline deadline;
        int waiters;
        volatile Cancellable work;

        Shared(Deadline leaders) {
            this.deadline = leaders.sharedCopy();
        }
    }

    private final ConcurrentHashMap<String, Shared> inFlight = new ConcurrentHashMap<>();

    /**
     * {@code work} is given the shared work's deadline; {@code joined} is told whether this caller shared
     * another's call (true) or led its own.
     */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> run(String key, Deadline deadline, Function<Deadline, Uni<T>> work, Consumer<Boolean> joined) {
        return Uni.createFrom().deferred(() -> {
            boolean[] leads = {false};
            Shared shared = inFlight.compute(key, (k, existing) -> {
                Shared s = existing != null ? existing : new Shared(deadline);
                leads[0] = existing == null;
                s.deadline.extendTo(deadline);
                s.waiters++;
                return s;
            });
            joined.accept(!leads[0]);
            if (leads[0]) {
                shared.work = work.apply(shared.deadline).subscribe().with(
                        item -> finish(key, shared, item, null),
                        failure -> finish(key, shared, null, failure));
            }
            // An emitter, not completionStage(): a caller that cancels must not cancel the shared future.
            return Uni.createFrom().<T> emitter(em -> shared.result.whenComplete((item, failure) -> {
                if (failure != null) {
                    em.fail(failure);
                } else {
                    em.complete((T) item);
                }
            }))
                    .onCancellation().invoke(() -> leave(key, shared));
        });
    }

    private void finish(String key, Shared shared, Object item, Throwable failure) {
        inFlight.remove(key, shared);
        if (failure != null) {
            shared.result.completeExceptionally(failure);
        } else {
            shared.result.complete(item);
        }
    }

    private void leave(String key, Shared shared) {
        boolean[] last = {false};
        inFlight.computeIfPresent(key, (k, s) -> {
            if (s != shared) {
                return s;
            }
            last[0] = --s.waiters == 0;
            return last[0] ? null : s;
        });
        Cancellable running = shared.work;
        if (last[0] && running != null) {
            running.cancel();
        }
    }
}
