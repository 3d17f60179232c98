package dev.updraft.live.fanout;

import dev.updraft.live.config.LiveConfig;
import dev.updraft.live.metrics.LiveMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link LoopHub} per Vert.x event loop, created the first time a connection of that loop needs it. */
@ApplicationScoped
public class LoopHubs {

    private final Vertx vertx;
    private final LiveMetrics metrics;
    private final long tickMillis;
    private final Map<Thread, LoopHub> hubs = new ConcurrentHashMap<>();

    public LoopHubs(Vertx vertx, LiveMetrics metrics, LiveConfig config) {
        this.vertx = vertx;
        this.metrics = metrics;
        // ticks drive pings and idle checks; a quarter of the ping interval keeps detection within 25 %
        this.tickMillis = Math.max(100, config.ping().interval().toMillis() / 4);
    }

    /** The hub of the calling event loop; calling it from any other thread is a programming error. */
    public LoopHub current() {
        Context context = Vertx.currentContext();
        if (context == null || !context.isEventLoopContext()) {
            throw new IllegalStateException("live fan-out must be used from a Vert.x event loop, not "
                    + Thread.currentThread().getName());
        }
        return hubs.computeIfAbsent(Thread.currentThread(), thread -> create(context));
    }

    /** Asks every connection on every loop to close; each hub does it on its own loop. */
    public void shutdownAll() {
        for (LoopHub hub : hubs.values()) {
            hub.execute(hub::shutdownAll);
        }
    }

    private LoopHub create(Context context) {
        // the root context outlives the connection whose callback happened to create the hub
        Context root = ((ContextInternal) context).unwrap();
        LoopHub hub = new LoopHub(root, metrics);
        root.runOnContext(ignored -> vertx.setPeriodic(tickMillis, id -> hub.tick(System.nanoTime())));
        return hub;
    }
}
