package dev.updraft.live.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.live.config.LiveConfig;
import dev.updraft.live.engine.memory.MemoryEngine;
import dev.updraft.live.engine.redis.RedisEngine;
import dev.updraft.live.metrics.LiveMetrics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** Chooses the engine from {@code updraft.live.engine} at start-up and runs its housekeeping. */
@ApplicationScoped
public class EngineProducer {

    @Produces
    @ApplicationScoped
    LiveEngine engine(LiveConfig config, ObjectMapper mapper, Vertx vertx, Instance<Redis> redis) {
        return switch (config.engine()) {
            case MEMORY -> new MemoryEngine(mapper, config);
            // looked up only here: with the memory engine no Redis client is created
            case REDIS -> new RedisEngine(redis.get(), vertx, mapper, config);
        };
    }

    /** Eager: a misconfigured engine fails the start, not the first client. */
    void start(@Observes StartupEvent event, LiveEngine engine, LiveConfig config, Vertx vertx, LiveMetrics metrics) {
        metrics.gauge("updraft.live.history.events", "Events held in topic histories", engine::historySize);
        metrics.gauge("updraft.live.topics", "Topics known to the engine", engine::topicCount);
        vertx.setPeriodic(config.history().sweepInterval().toMillis(), id -> engine.sweep());
        if (config.limits().outboundQueue() <= config.history().size()) {
            Log.warnf("updraft.live.limits.outbound-queue (%d) is not above updraft.live.history.size (%d):"
                    + " a client recovering a full history may be closed as a slow consumer",
                    config.limits().outboundQueue(), config.history().size());
        }
        Log.infof("live-updates engine: %s (history %d events / %s per topic)", engine.kind(),
                config.history().size(), config.history().ttl());
    }
}
