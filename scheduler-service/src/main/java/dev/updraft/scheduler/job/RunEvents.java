package dev.updraft.scheduler.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.model.scheduler.JobRun;
import dev.updraft.scheduler.client.LiveUpdatesClient;
import dev.updraft.scheduler.config.SchedulerConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes every finished or skipped run to the runs topic on live-updates, for the dashboard. Best effort:
 * a failed publish never changes the run's own outcome, and an outage is logged once, not once per run.
 */
@ApplicationScoped
public class RunEvents {

    private final LiveUpdatesClient liveUpdates;
    private final ObjectMapper json;
    private final SchedulerConfig.RunEvents config;
    private final AtomicBoolean failing = new AtomicBoolean();
    /** Publishes not yet answered, so that shutdown can let the last runs reach the dashboard. */
    private final Set<CompletableFuture<Void>> pending = ConcurrentHashMap.newKeySet();

    public RunEvents(LiveUpdatesClient liveUpdates, ObjectMapper json, SchedulerConfig config) {
        this.liveUpdates = liveUpdates;
        this.json = json;
        this.config = config.runEvents();
    }

    public void publish(JobRun run) {
        if (!config.enabled()) {
            return;
        }
        CompletableFuture<Void> sent = new CompletableFuture<>();
        pending.add(sent);
        sent.whenComplete((ok, failure) -> pending.remove(sent));
        liveUpdates.publish(config.topic(), json.valueToTree(run))
                .onTermination().invoke(() -> sent.complete(null))
                .subscribe().with(
                        ok -> {
                            if (failing.compareAndSet(true, false)) {
                                Log.infof("publishing runs to topic %s works again", config.topic());
                            }
                        },
                        failure -> {
                            if (failing.compareAndSet(false, true)) {
                                Log.warnf("cannot publish runs to topic %s (%s); further failures are not logged",
                                        config.topic(), failure.getMessage());
                            }
                        });
    }

    /** Waits up to {@code max} for the publishes in flight (at shutdown). */
    public void flush(Duration max) {
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            Log.debugf("%d run event(s) not published before shutdown", pending.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
