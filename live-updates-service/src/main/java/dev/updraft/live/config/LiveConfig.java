package dev.updraft.live.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/**
 * Every setting of the live-updates service, under {@code updraft.live}. The WebSocket size limit is also
 * handed to websockets-next in {@code application.properties}, which reads the same key.
 */
@ConfigMapping(prefix = "updraft.live")
public interface LiveConfig {

    /** Which engine owns topics, offsets, history and presence. */
    @WithDefault("memory")
    EngineKind engine();

    History history();

    Limits limits();

    Ping ping();

    Presence presence();

    LongPoll longPoll();

    Sse sse();

    Redis redis();

    /** Configured as {@code memory} or {@code redis}. */
    enum EngineKind {
        MEMORY,
        REDIS
    }

    interface History {
        /** Events kept per topic; older ones are dropped first. */
        @WithDefault("1000")
        int size();

        /** Events older than this are dropped from history. */
        @WithDefault("10m")
        Duration ttl();

        /** How often idle topics (no subscribers, empty history) are forgotten. */
        @WithDefault("1m")
        Duration sweepInterval();
    }

    interface Limits {
        /**
         * Largest WebSocket message and HTTP publish body in bytes; bigger WebSocket frames close the
         * connection with 1009, bigger HTTP bodies get 413.
         */
        @WithDefault("65536")
        int maxMessageBytes();

        /** Frames queued to one connection but not yet written to its socket; beyond it: close 4008. */
        @WithDefault("1024")
        int outboundQueue();

        @WithDefault("100")
        int maxTopicsPerConnection();

        /** Sustained publishes per second per connection (token bucket refill rate). */
        @WithDefault("50")
        int publishRate();

        /** Publishes a connection may send in a burst before the rate applies. */
        @WithDefault("100")
        int publishBurst();

        /** A connection without any subscription that sends nothing for this long is closed. */
        @WithDefault("5m")
        Duration idleTimeout();

        /**
         * Longest user name, wherever one comes from: the {@code user} query parameter at upgrade, an HTTP
         * publisher's user, a token's {@code sub}.
         */
        @WithDefault("64")
        int maxUserLength();
    }

    interface Ping {
        /** How often the server pings each WebSocket connection and heartbeats each SSE stream. */
        @WithDefault("20s")
        Duration interval();

        /** A connection from which nothing (not even a pong) arrived for interval + timeout is dead. */
        @WithDefault("10s")
        Duration timeout();
    }

    interface Presence {
        /** Topic patterns ({@code *} = any run of characters) whose subscribers get join/leave frames. */
        @WithDefault("chat.*")
        List<String> joinLeaveTopics();
    }

    interface LongPoll {
        @WithDefault("100")
        int defaultLimit();

        @WithDefault("1000")
        int maxLimit();

        /** Upper bound for the {@code wait} parameter. */
        @WithDefault("60s")
        Duration maxWait();
    }

    /** The scale-out engine ({@code engine=redis}); the server itself is {@code quarkus.redis.hosts}. */
    interface Redis {
        /** Prepended to every key and channel, so several deployments (or test runs) can share one Redis. */
        @WithDefault("updraft:live:")
        String keyPrefix();

        /** A Redis command without an answer for this long fails (publish: 503 / error frame). */
        @WithDefault("2s")
        Duration timeout();

        /** How often the engine pings Redis: readiness and reconnection follow within this interval. */
        @WithDefault("1s")
        Duration heartbeat();

        /**
         * Lifetime of a replica's presence and subscriber entries in Redis; the replica refreshes them every
         * third of it, so the entries of a replica that died vanish within this time.
         */
        @WithDefault("30s")
        Duration presenceTtl();
    }

    interface Sse {
        /** Reconnection delay suggested to EventSource clients ({@code retry:} field). */
        @WithDefault("1s")
        Duration retry();
    }
}
