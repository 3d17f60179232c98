package dev.updraft.bench.aggregator;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import dev.updraft.bench.BenchContext;
import dev.updraft.bench.Sizes;
import dev.updraft.bench.http.LoadClient;
import dev.updraft.bench.metrics.LatencyStats;
import dev.updraft.bench.metrics.Percentiles;
import dev.updraft.bench.process.ManagedProcess;
import dev.updraft.bench.process.Service;
import dev.updraft.bench.report.GoalCheck;
import dev.updraft.bench.report.ScenarioResult;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * Aggregator scenarios (issue 4), each against the fetch-aggregator service, the bare Vert.x floor peer
 * ({@link BareVertxAggregator}) and the Tornado peer with its default and a raised {@code max_clients}:
 * <ul>
 *   <li>{@code aggregator-fanout}: one call at a time, 100 GETs to an upstream answering after 50 ms;
 *       the whole call's latency (ideal 50 ms).</li>
 *   <li>{@code aggregator-throughput}: closed loop, a fixed number of 10-GET calls in flight against an
 *       instant upstream; completed aggregates per second.</li>
 * </ul>
 */
public final class AggregatorBenchmark {

    static final int SERVICE_PORT = 8081;
    static final int PEER_PORT = 8091;
    static final int BARE_PORT = 8092;
    static final long UPSTREAM_DELAY_MS = 50;
    static final int FANOUT = 100;
    static final int THROUGHPUT_FANOUT = 10;
    static final int RAISED_MAX_CLIENTS = 256;
    /**
     * Unmeasured fan-out calls before the measured window, the same for every system: a fresh JVM runs its
     * first tens of thousands of upstream exchanges partly interpreted while C2 compiles on the same two
     * cores, which is start-up, not load. After 200 calls the service still spent 15 ms of CPU per call in
     * the next 300 (JIT included) against ~7 ms once warm; after 500 it is within ~1 ms of that. The time
     * bound keeps the slow Tornado default (10 clients, ~0.5 s a call) from spending minutes here.
     */
    private static final int WARMUP_CALLS = 500;
    private static final Duration FANOUT_WARMUP_TIME = Duration.ofSeconds(30);
    /** Direct GETs at the upstream before any system runs: enough for the JIT to compile its request path. */
    private static final int UPSTREAM_WARMUP_REQUESTS = 30_000;
    private static final Duration WARMUP_TIME = Duration.ofSeconds(3);

    private static final Logger LOG = Logger.getLogger(AggregatorBenchmark.class.getName());

    private final BenchContext ctx;
    private final Sizes sizes;
    /** Numbers every call, which makes its upstream URLs unique (see {@link AggregateCheck#body}). */
    private final AtomicLong callSeq = new AtomicLong();

    public AggregatorBenchmark(BenchContext ctx) {
        this.ctx = ctx;
        this.sizes = ctx.sizes();
    }

    public List<ScenarioResult> run() throws IOException, InterruptedException {
        Vertx upstreamVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try (Upstream upstream = Upstream.start(upstreamVertx, UPSTREAM_DELAY_MS)) {
            // The harness warms up before any system is measured, so that all of them meet the same warm
            // upstream and generator; each system still gets only its own unmeasured warm-up calls.
            LOG.info("warming the upstream and the generator's client (not measured)");
            Upstream.warm(clientVertx, upstream.port(), sizes.smoke() ? 2_000 : UPSTREAM_WARMUP_REQUESTS, FANOUT);
            List<ScenarioResult> results = new ArrayList<>();
            Service.requireFreePort(SERVICE_PORT);
            try (ManagedProcess svc = Service.startJar(ctx, "fetch-aggregator-service", SERVICE_PORT, Map.of(),
                    "/q/health/ready")) {
                results.addAll(measure(clientVertx, svc, "updraft", SERVICE_PORT, upstream));
            }
            try (ManagedProcess bare = startBare()) {
                results.addAll(measure(clientVertx, bare, "vertx-bare", BARE_PORT, upstream));
            }
            for (int maxClients : List.of(0, RAISED_MAX_CLIENTS)) {
                String system = "tornado-max-clients-" + (maxClients == 0 ? "10-default" : maxClients);
                try (ManagedProcess peer = startPeer(maxClients)) {
                    results.addAll(measure(clientVertx, peer, system, PEER_PORT, upstream));
                }
            }
            return results;
        } finally {
            clientVertx.close().toCompletionStage().toCompletableFuture().join();
            upstreamVertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** In its own JVM with the service's JVM defaults (no heap or GC flags), as {@link Service#startJar} runs it. */
    private ManagedProcess startBare() throws IOException, InterruptedException {
        Service.requireFreePort(BARE_PORT);
        String name = "vertx-bare-aggregator";
        ManagedProcess p = ManagedProcess.start(name,
                List.of(ctx.java().toString(), "-cp", ctx.classpath(), BareVertxAggregator.class.getName(), "--port",
                        Integer.toString(BARE_PORT)),
                Map.of(), ctx.work().resolve(name), ctx.log(name));
        Service.awaitHttp(p, "http://127.0.0.1:" + BARE_PORT + "/healthz", Duration.ofSeconds(30), ctx.log(name));
        return p;
    }

    private ManagedProcess startPeer(int maxClients) throws IOException, InterruptedException {
        Service.requireFreePort(PEER_PORT);
        ManagedProcess p = ManagedProcess.start("tornado-aggregator",
                List.of(ctx.python(), ctx.peer("tornado_aggregator.py").toString(), "--port",
                        Integer.toString(PEER_PORT), "--max-clients", Integer.toString(maxClients)),
                Map.of(), ctx.work().resolve("tornado-aggregator"), ctx.log("tornado-aggregator"));
        Service.awaitHttp(p, "http://127.0.0.1:" + PEER_PORT + "/healthz", Duration.ofSeconds(30),
                ctx.log("tornado-aggregator"));
        return p;
    }

    private List<ScenarioResult> measure(Vertx vertx, ManagedProcess target, String system, int port,
                                         Upstream upstream) throws InterruptedException {
        try (LoadClient client = new LoadClient(vertx, port, Math.max(8, sizes.throughputConcurrency()))) {
            LOG.info(() -> system + ": fan-out of " + FANOUT);
            ScenarioResult fanout = fanout(client, target, system, upstream);
            LOG.info(() -> system + ": throughput of " + THROUGHPUT_FANOUT + "-request aggregates");
            ScenarioResult throughput = throughput(client, target, system, upstream);
            return List.of(fanout, throughput);
        }
    }

    private ScenarioResult fanout(LoadClient client, ManagedProcess target, String system, Upstream upstream)
            throws InterruptedException {
        Instant started = Instant.now();
        String base = "http://127.0.0.1:" + upstream.port() + "/slow/";
        // Warm-up: JIT, connection pools on both sides; not counted for any system.
        long warmupEnd = System.nanoTime() + FANOUT_WARMUP_TIME.toNanos();
        for (int i = 0; i < WARMUP_CALLS && System.nanoTime() < warmupEnd; i++) {
            call(client, AggregateCheck.body(base, FANOUT, callSeq.incrementAndGet()));
        }
        LatencyStats latency = new LatencyStats();
        int calls = 0;
        int incomplete = 0;
        long cpu = target.cpuMillis();
        long deadline = System.nanoTime() + sizes.fanoutTime().toNanos();
        while (calls < sizes.fanoutCalls() && System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            LoadClient.Response r = call(client, AggregateCheck.body(base, FANOUT, callSeq.incrementAndGet()));
            latency.recordMicros((System.nanoTime() - t0) / 1_000);
            calls++;
            if (r == null || !AggregateCheck.complete(r.status(), r.body().toString(), FANOUT)) {
                incomplete++;
            }
        }
        cpu = target.cpuMillis() - cpu;
        Percentiles p = latency.percentiles();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("requestsPerCall", FANOUT);
        params.put("upstreamDelayMs", UPSTREAM_DELAY_MS);
        params.put("maxCalls", sizes.fanoutCalls());
        params.put("maxSeconds", sizes.fanoutTime().toSeconds());
        params.put("warmupCalls", WARMUP_CALLS);
        params.put("warmupMaxSeconds", FANOUT_WARMUP_TIME.toSeconds());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("calls", calls);
        figures.put("incompleteCalls", incomplete);
        figures.put("targetCpuSecondsPerCall", calls == 0 ? 0 : cpu / 1000.0 / calls);
        List<GoalCheck> goals = new ArrayList<>();
        if (system.equals("updraft")) {
            goals.add(new GoalCheck("fan-out of 100 × 50 ms, p50", "≤ 55 ms", fmt(p.p50()) + " ms",
                    calls > 0 && p.p50() <= 55));
            goals.add(new GoalCheck("fan-out of 100 × 50 ms, p99", "≤ 70 ms", fmt(p.p99()) + " ms",
                    calls > 0 && p.p99() <= 70));
            goals.add(new GoalCheck("fan-out: every call complete", "0 incomplete", Integer.toString(incomplete),
                    calls > 0 && incomplete == 0));
        }
        return new ScenarioResult("aggregator", "aggregator-fanout", system,
                "One call at a time: 100 GETs, upstream answers after 50 ms", sizes.smoke(), started, params,
                figures, null, p, latency.curve(), null, goals, List.of(), null);
    }

    private ScenarioResult throughput(LoadClient client, ManagedProcess target, String system, Upstream upstream)
            throws InterruptedException {
        Instant started = Instant.now();
        String body = "http://127.0.0.1:" + upstream.port() + "/fast/";
        closedLoop(client, body, WARMUP_TIME, new LatencyStats(), new AtomicLong(), new AtomicLong());
        LatencyStats latency = new LatencyStats();
        AtomicLong good = new AtomicLong();
        AtomicLong bad = new AtomicLong();
        long cpu = target.cpuMillis();
        long t0 = System.nanoTime();
        closedLoop(client, body, sizes.throughputTime(), latency, good, bad);
        double seconds = (System.nanoTime() - t0) / 1e9;
        cpu = target.cpuMillis() - cpu;
        double perSec = good.get() / seconds;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("requestsPerCall", THROUGHPUT_FANOUT);
        params.put("callsInFlight", sizes.throughputConcurrency());
        params.put("seconds", sizes.throughputTime().toSeconds());
        params.put("warmupSeconds", WARMUP_TIME.toSeconds());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("completeCalls", good.get());
        figures.put("incompleteCalls", bad.get());
        figures.put("aggregatesPerSec", Math.round(perSec * 10) / 10.0);
        figures.put("upstreamRequestsPerSec", Math.round(perSec * THROUGHPUT_FANOUT));
        figures.put("targetCpuUtilisation", Math.round(cpu / 10.0 / seconds) / 100.0);
        return new ScenarioResult("aggregator", "aggregator-throughput", system,
                "Closed loop: 10-GET aggregates against an instant upstream", sizes.smoke(), started, params,
                figures, perSec, latency.percentiles(), latency.curve(), null, List.of(), List.of(), null);
    }

    /** {@code concurrency} loops, each sending the next call when the previous one answered, until the deadline. */
    private void closedLoop(LoadClient client, String base, Duration time, LatencyStats latency, AtomicLong good,
                            AtomicLong bad) throws InterruptedException {
        long deadline = System.nanoTime() + time.toNanos();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int i = 0; i < sizes.throughputConcurrency(); i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            loops.add(done);
            next(client, base, deadline, latency, good, bad, done);
        }
        try {
            CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new))
                    .get(time.toSeconds() + 30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warning("throughput loop did not finish cleanly: " + e);
        }
    }

    private void next(LoadClient client, String base, long deadline, LatencyStats latency, AtomicLong good,
                      AtomicLong bad, CompletableFuture<Void> done) {
        if (System.nanoTime() >= deadline) {
            done.complete(null);
            return;
        }
        long t0 = System.nanoTime();
        String body = AggregateCheck.body(base, THROUGHPUT_FANOUT, callSeq.incrementAndGet());
        client.post("/api/aggregate", body).onComplete(ar -> {
            latency.recordMicros((System.nanoTime() - t0) / 1_000);
            if (ar.succeeded() && AggregateCheck.complete(ar.result().status(), ar.result().body().toString(),
                    THROUGHPUT_FANOUT)) {
                good.incrementAndGet();
            } else {
                bad.incrementAndGet();
            }
            next(client, base, deadline, latency, good, bad, done);
        });
    }

    private static LoadClient.Response call(LoadClient client, String body) throws InterruptedException {
        try {
            return client.post("/api/aggregate", body).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        }
    }

    private static String fmt(double ms) {
        return String.format(java.util.Locale.ROOT, "%.2f", ms);
    }
}
