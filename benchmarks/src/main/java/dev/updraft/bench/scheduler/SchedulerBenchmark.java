package dev.updraft.bench.scheduler;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.updraft.bench.BenchContext;
import dev.updraft.bench.Sizes;
import dev.updraft.bench.metrics.LatencyStats;
import dev.updraft.bench.metrics.Percentiles;
import dev.updraft.bench.process.LineProcess;
import dev.updraft.bench.process.ManagedProcess;
import dev.updraft.bench.process.Service;
import dev.updraft.bench.report.GoalCheck;
import dev.updraft.bench.report.ScenarioResult;
import dev.updraft.model.ModelJson;
import dev.updraft.model.scheduler.JobAction;
import dev.updraft.model.scheduler.JobRun;
import dev.updraft.model.scheduler.JobSpec;
import dev.updraft.model.scheduler.Schedule;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Scheduler scenario (issue 5): many jobs every second, each an {@code http} action POSTing to a local
 * sink that answers at once, so a run's lateness is the scheduler's own. Lateness comes from the
 * service's run history ({@code latenessMs}); the same number of Tornado PeriodicCallbacks doing the same
 * POST run afterwards in the same invocation, never at the same time.
 */
public final class SchedulerBenchmark {

    static final int SERVICE_PORT = 8082;
    static final double P99_GOAL_MS = 20;
    private static final String JOB_PREFIX = "bench.sched.";
    private static final Logger LOG = Logger.getLogger(SchedulerBenchmark.class.getName());

    private final BenchContext ctx;
    private final Sizes sizes;
    private final ObjectMapper json = ModelJson.newMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong sinkHits = new AtomicLong();

    public SchedulerBenchmark(BenchContext ctx) {
        this.ctx = ctx;
        this.sizes = ctx.sizes();
    }

    public List<ScenarioResult> run() throws IOException, InterruptedException {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            HttpServer sink = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                            .setAcceptBacklog(4096))
                    .requestHandler(req -> {
                        sinkHits.incrementAndGet();
                        req.response().setStatusCode(204).end();
                    })
                    .listen().toCompletionStage().toCompletableFuture().join();
            String sinkUrl = "http://127.0.0.1:" + sink.actualPort() + "/sink/";
            List<ScenarioResult> results = new ArrayList<>();
            results.add(service(sinkUrl));
            results.add(tornado(sinkUrl));
            return results;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private ScenarioResult service(String sinkUrl) throws IOException, InterruptedException {
        Instant started = Instant.now();
        Service.requireFreePort(SERVICE_PORT);
        String base = "http://127.0.0.1:" + SERVICE_PORT;
        try (ManagedProcess svc = Service.startJar(ctx, "scheduler-service", SERVICE_PORT, serviceProperties(),
                "/api/jobs")) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < sizes.jobs(); i++) {
                ids.add(JOB_PREFIX + started.toEpochMilli() + "." + i);
            }
            LOG.info(() -> "scheduler: creating " + ids.size() + " jobs");
            sinkHits.set(0);
            int created = forEach(ids, id -> post(base + "/api/jobs", jobJson(id, sinkUrl)));
            Instant from = Instant.now().plus(sizes.jobWarmup());
            Instant to = from.plus(sizes.jobWindow());
            long cpu = svc.cpuMillis();
            Thread.sleep(Duration.between(Instant.now(), to).toMillis() + 2_000);
            cpu = svc.cpuMillis() - cpu;

            RunStats stats = new RunStats();
            long limit = sizes.jobWarmup().plus(sizes.jobWindow()).toSeconds() + 60;
            AtomicInteger unreadable = new AtomicInteger();
            for (String id : ids) {
                HttpResponse<String> r = get(base + "/api/jobs/" + id + "/runs?limit=" + limit);
                if (r.statusCode() == 200) {
                    stats.addJob(json.readValue(r.body(), new TypeReference<List<JobRun>>() { }), from, to);
                } else {
                    unreadable.incrementAndGet();
                }
            }
            int deleted = forEach(ids, id -> delete(base + "/api/jobs/" + id));
            long hits = sinkHits.get();
            long expected = (long) created * sizes.jobWindow().toSeconds();

            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("jobsCreated", created);
            figures.put("jobsDeleted", deleted);
            figures.put("runHistoriesUnreadable", unreadable.get());
            figures.put("expectedFirings", expected);
            figures.put("runsInWindow", stats.runs);
            figures.put("skipped", stats.skipped);
            figures.put("failed", stats.failed);
            figures.put("timedOut", stats.timedOut);
            figures.put("runsWithoutLateness", stats.withoutLateness);
            figures.put("overlaps", stats.overlaps);
            // independent of the service's own history: every run that happened called the sink once
            figures.put("sinkRequestsWholeRun", hits);
            figures.put("serviceCpuUtilisation", Math.round(cpu / 10.0 / (sizes.jobWindow().toSeconds() + 2)) / 100.0);
            return result(started, "updraft", stats.lateness, figures, stats.overlaps, stats.runs, expected, true);
        }
    }

    /**
     * Its own job store under the run's scratch space (never the user's ~/.updraft: the store's default
     * location follows {@code user.home}, and naming a store key the service version may not have would fail
     * its config validation), and only the jobs under
     * test: the built-in platform-status job and the per-run events to live-updates need services that are
     * not running in this scenario, and the Tornado peer does neither.
     */
    private Map<String, String> serviceProperties() {
        return Map.of(
                "user.home", ctx.work().resolve("scheduler-service/home").toString(),
                "updraft.scheduler.platform-status.enabled", "false",
                "updraft.scheduler.run-events.enabled", "false");
    }

    private ScenarioResult tornado(String sinkUrl) throws IOException, InterruptedException {
        Instant started = Instant.now();
        long duration = sizes.jobWarmup().plus(sizes.jobWindow()).toSeconds();
        LineProcess peer = LineProcess.start("tornado-periodic", List.of(ctx.python(),
                        ctx.peer("tornado_periodic.py").toString(),
                        "--callbacks", Integer.toString(sizes.jobs()), "--period-ms", "1000",
                        "--duration", Long.toString(duration), "--warmup", Long.toString(sizes.jobWarmup().toSeconds()),
                        "--sink", sinkUrl),
                Map.of(), ctx.work().resolve("tornado-periodic"), ctx.log("tornado-periodic"));
        sinkHits.set(0);
        try (peer) {
            JsonNode out = json.readTree("{" + peer.expect("{", Duration.ofSeconds(duration + 60)));
            double cpuSeconds = out.path("cpuSeconds").asDouble(-1);
            LatencyStats lateness = new LatencyStats();
            out.path("latenessMs").forEach(v -> lateness.recordMillis(v.asDouble()));
            long overlaps = out.path("overlaps").asLong();
            long runs = out.path("runs").asLong();
            long expected = (long) sizes.jobs() * sizes.jobWindow().toSeconds();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("expectedFirings", expected);
            figures.put("runsInWindow", runs);
            figures.put("failed", out.path("errors").asLong());
            figures.put("overlaps", overlaps);
            figures.put("sinkRequestsWholeRun", sinkHits.get());
            figures.put("peerCpuUtilisation", cpuSeconds < 0 ? -1 : Math.round(cpuSeconds * 100 / duration) / 100.0);
            return result(started, "tornado", lateness, figures, overlaps, runs, expected, false);
        }
    }

    private ScenarioResult result(Instant started, String system, LatencyStats lateness, Map<String, Object> figures,
                                  long overlaps, long runs, long expected, boolean judged) {
        Percentiles p = lateness.percentiles();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("jobs", sizes.jobs());
        params.put("every", "1s");
        params.put("windowSeconds", sizes.jobWindow().toSeconds());
        params.put("warmupSeconds", sizes.jobWarmup().toSeconds());
        params.put("action", "POST to a local sink answering 204");
        if (judged) {
            params.put("serviceSettings", "platform-status job and run events off");
        }
        List<GoalCheck> goals = new ArrayList<>();
        if (judged) {
            goals.add(new GoalCheck(sizes.jobs() + " jobs every 1 s, p99 lateness", "≤ 20 ms",
                    String.format(java.util.Locale.ROOT, "%.1f ms", p.p99()), p.count() > 0 && p.p99() <= P99_GOAL_MS));
            goals.add(new GoalCheck("no overlapping runs", "0", Long.toString(overlaps), overlaps == 0 && runs > 0));
        }
        List<String> notes = new ArrayList<>();
        if (runs < expected * 0.99) {
            notes.add("Only " + runs + " of " + expected + " expected firings were found in the window: "
                    + "lateness figures cover only the firings that happened.");
        }
        return new ScenarioResult("scheduler", "scheduler-lateness", system,
                sizes.jobs() + " periodic jobs every 1 s: lateness", sizes.smoke(), started, params, figures,
                runs / (double) sizes.jobWindow().toSeconds(), p, lateness.curve(), null, goals, notes, null);
    }

    private String jobJson(String id, String sinkUrl) {
        JobSpec spec = new JobSpec(id, Schedule.every(Duration.ofSeconds(1)),
                new JobAction.Http("POST", sinkUrl + id, Map.of("Content-Type", "application/json"),
                        json.createObjectNode()),
                Duration.ofSeconds(5), true);
        try {
            return json.writeValueAsString(spec);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code call} for every id with at most 16 requests in flight; returns how many answered 2xx. */
    private int forEach(List<String> ids, java.util.function.Function<String, CompletableFuture<Integer>> call)
            throws InterruptedException {
        Semaphore inFlight = new Semaphore(16);
        AtomicInteger ok = new AtomicInteger();
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (String id : ids) {
            inFlight.acquire();
            all.add(call.apply(id).whenComplete((status, e) -> {
                inFlight.release();
                if (status != null && status / 100 == 2) {
                    ok.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return ok.get();
    }

    private CompletableFuture<Integer> post(String url, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    private CompletableFuture<Integer> delete(String url) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
