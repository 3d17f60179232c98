package dev.updraft.aggregator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the aggregator, under {@code updraft.aggregator}. The defaults here are the contract of
 * DESIGN.md (256 requests per call, 4 MiB per body, 10 s timeout, 30 s deadline); profiles override them in
 * {@code application.properties}.
 */
@ConfigMapping(prefix = "updraft.aggregator")
public interface AggregatorConfig {

    Limits limits();

    Concurrency concurrency();

    Ssrf ssrf();

    interface Limits {
        /** Requests accepted in one call; more is a 400 naming {@code requests}. */
        @WithDefault("256")
        int maxRequests();

        /** Bytes read from one upstream body; past it the connection is cut and the item is {@code too_large}. */
        @WithDefault("4194304")
        long maxBodyBytes();

        /** Per-request timeout when the request names none; it starts once the request holds a slot. */
        @WithDefault("10s")
        Duration timeout();

        /** Whole-call deadline when the call names none; time spent queued for a slot counts. */
        @WithDefault("30s")
        Duration deadline();

        /** Upper bound for a caller's {@code deadline}, so one call cannot hold slots for hours. */
        @WithDefault("5m")
        Duration maxDeadline();
    }

    interface Concurrency {
        /** Upstream requests in flight at once across all calls of this instance. */
        @WithDefault("1024")
        int global();

        /** Upstream requests in flight at once to one host:port. */
        @WithDefault("128")
        int perHost();
    }

    Http http();

    Cpu cpu();

    Retry retry();

    CircuitBreaker circuitBreaker();

    Hedging hedging();

    Cache cache();

    /** Aggregations run by name through {@code GET /api/aggregations/{name}}. */
    Map<String, NamedAggregation> aggregations();

    interface Retry {
        /** Attempts per request, the first included; 1 disables retries. Only idempotent methods retry. */
        @WithDefault("3")
        int maxAttempts();

        /** Backoff before retry n is a random time in [0, min(max-backoff, initial-backoff * 2^(n-1))]. */
        @WithDefault("100ms")
        Duration initialBackoff();

        @WithDefault("2s")
        Duration maxBackoff();
    }

    interface CircuitBreaker {
        @WithDefault("true")
        boolean enabled();

        /** Consecutive failed attempts (connect, timeout, 5xx) to one host:port that open its circuit. */
        @WithDefault("5")
        int failureThreshold();

        /** How long an open circuit refuses requests before one trial request is let through. */
        @WithDefault("10s")
        Duration openFor();
    }

    interface Hedging {
        /** Send a second GET when the first has not answered after {@code delay}; the first answer wins. */
        @WithDefault("false")
        boolean enabled();

        @WithDefault("250ms")
        Duration delay();
    }

    interface Cache {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("1000")
        int maxEntries();

        /** Body bytes held by the cache in total; least recently used entries go first. */
        @WithDefault("33554432")
        long maxBytes();
    }

    interface NamedAggregation {
        /** Upstream requests by id; the id becomes the result id and the key in {@code merged}. */
        Map<String, NamedRequest> requests();

        @WithDefault("false")
        boolean merge();

        Optional<Duration> deadline();
    }

    interface NamedRequest {
        String url();

        @WithDefault("GET")
        String method();

        Optional<Duration> timeout();

        Map<String, String> headers();

        /** Fields kept from a JSON body: a JSON pointer ({@code /status}) or a list of top-level fields. */
        Optional<List<String>> select();
    }

    interface Http {
        /** Redirect hops followed per request; every hop is checked by the SSRF policy again. */
        @WithDefault("5")
        int maxRedirects();

        /** Offer HTTP/2 through ALPN on TLS connections; cleartext upstreams are spoken to in HTTP/1.1. */
        @WithDefault("true")
        boolean http2();

        /** How long an idle pooled connection is kept for reuse. */
        @WithDefault("60s")
        Duration keepAlive();

        @WithDefault("updraft-aggregator/0.1")
        String userAgent();

        /**
         * PEM file of the CA certificates trusted for HTTPS upstreams, for a private CA. It replaces the JDK's
         * trust store for upstream calls; unset (the default), the JDK's trust store is used.
         */
        Optional<String> trustPem();
    }

    interface Cpu {
        /** Bodies larger than this are parsed and hashed on a worker thread, never on the event loop. */
        @WithDefault("65536")
        int offloadThresholdBytes();
    }

    interface Ssrf {
        /** Hosts and CIDRs exempt from the deny ranges (loopback in dev and test, nothing in prod). */
        Optional<List<String>> allow();
    }
}
