package dev.updraft.aggregator.cache;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Identical concurrent GETs share one upstream call. The first caller starts the work detached from its
 * own subscription, so that the others keep their answer when it gives up (its deadline passed); each
 * caller still waits under its own deadline.
 */
@ApplicationScoped
public class Coalescer {

    private final ConcurrentHashMap<String, CompletableFuture<Object>> inFlight = new ConcurrentHashMap<>();

    /** {@code joined} is told whether this caller shared another's call (true) or led its own. */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> run(String key, Supplier<Uni<T>> work, Consumer<Boolean> joined) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Object> mine = new CompletableFuture<>();
            CompletableFuture<Object> existing = inFlight.putIfAbsent(key, mine);
            joined.accept(existing != null);
            if (existing == null) {
                work.get().subscribe().with(
                        item -> {
                            inFlight.remove(key, mine);
                            mine.complete(item);
                        },
                        failure -> {
                            inFlight.remove(key, mine);
                            mine.completeExceptionally(failure);
                        });
            }
            CompletableFuture<Object> shared = existing != null ? existing : mine;
            // An emitter, not completionStage(): a caller that cancels must not cancel the shared future.
            return Uni.createFrom().<T> emitter(em -> shared.whenComplete((item, failure) -> {
                if (failure != null) {
                    em.fail(failure);
                } else {
                    em.complete((T) item);
                }
            }));
        });
    }

    public int inFlight() {
        return inFlight.size();
    }
}
