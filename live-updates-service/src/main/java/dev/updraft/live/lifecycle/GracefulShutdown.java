package dev.updraft.live.lifecycle;

import dev.updraft.live.engine.LiveEngine;
import dev.updraft.live.fanout.LoopHubs;
import dev.updraft.live.metrics.LiveMetrics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * On SIGTERM: readiness goes down and new upgrades are refused (503), every WebSocket is closed with 1001
 * and every SSE stream ended so clients reconnect elsewhere and recover with {@code since}; then we wait,
 * bounded, for the close handshakes to drain.
 *
 * <p>It must happen in the shutdown delay ({@code quarkus.shutdown.delay}), which precedes the HTTP server
 * stop: by the time {@link ShutdownEvent} fires, Vert.x has already closed the sockets with a plain 1000.
 * The {@link ShutdownEvent} observer only covers runs where the delay is switched off.
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Duration DRAIN = Duration.ofSeconds(5);

    private final LiveEngine engine;
    private final LoopHubs hubs;
    private final LiveMetrics metrics;

    public GracefulShutdown(LiveEngine engine, LoopHubs hubs, LiveMetrics metrics) {
        this.engine = engine;
        this.hubs = hubs;
        this.metrics = metrics;
    }

    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        drain(DRAIN);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (engine.isReady()) {
            drain(DRAIN);
        }
    }

    /** Returns the number of connections still open when the wait ended. */
    public long drain(Duration atMost) {
        engine.stop();
        long open = metrics.openConnections();
        Log.infof("shutting down: closing %d connections with 1001", open);
        hubs.shutdownAll();
        long deadline = System.nanoTime() + atMost.toNanos();
        while ((open = metrics.openConnections()) > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (open > 0) {
            Log.warnf("shutting down with %d connections still open", open);
        }
        return open;
    }
}
