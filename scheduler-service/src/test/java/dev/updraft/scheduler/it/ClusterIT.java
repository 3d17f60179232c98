package dev.updraft.scheduler.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.updraft.model.ModelJson;
import dev.updraft.model.scheduler.JobRun;
import dev.updraft.model.scheduler.RunStatus;
import dev.updraft.scheduler.support.FakeServices;
import dev.updraft.scheduler.support.PackagedApp;
import io.restassured.RestAssured;
import io.restassured.config.ObjectMapperConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two replicas of the packaged service on one PostgreSQL store ({@code -Pcluster}; {@code UPDRAFT_PG_URL} or
 * localhost:5432/test): both see the same jobs and the same run history, every firing runs on exactly one of them,
 * and a run in progress on one replica makes the other skip (no overlap across replicas).
 */
@EnabledIfSystemProperty(named = "updraft.cluster", matches = "true")
class ClusterIT {

    private static final FakeServices FAKES = new FakeServices();
    private static final String DATABASE = "updraft_cluster_it_" + Long.toHexString(System.nanoTime());
    private static URI server;

    @BeforeAll
    static void setUp() throws Exception {
        FAKES.start();
        RestAssured.config = RestAssuredConfig.config().objectMapperConfig(ObjectMapperConfig.objectMapperConfig()
                .jackson2ObjectMapperFactory((type, charset) -> ModelJson.newMapper()));
        String url = System.getenv().getOrDefault("UPDRAFT_PG_URL", "postgresql://127.0.0.1:5432/test");
        server = URI.create(url.startsWith("jdbc:") ? url.substring(5) : url);
        admin("CREATE DATABASE " + DATABASE);
    }

    @AfterAll
    static void tearDown() throws Exception {
        FAKES.stop();
        admin("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }

    @Test
    void replicasShareJobsRunEachFiringOnceAndNeverOverlap() throws Exception {
        Map<String, String> properties = Map.of(
                "updraft.scheduler.platform-status.enabled", "false",
                "updraft.scheduler.run-events.enabled", "false",
                "quarkus.datasource.postgresql.username", user());
        String pgUrl = "postgresql://" + server.getHost() + ":" + (server.getPort() > 0 ? server.getPort() : 5432)
                + "/" + DATABASE;
        try (PackagedApp a = PackagedApp.start(properties, Map.of("UPDRAFT_PG_URL", pgUrl));
                PackagedApp b = PackagedApp.start(properties, Map.of("UPDRAFT_PG_URL", pgUrl))) {
            // no overlap across replicas: a run in progress on A makes a firing on B skip
            create(a, "slow", "1h", "/slow?ms=1500&key=slow");
            JobRun onA = given().post(a.url() + "/api/jobs/slow/trigger").then().statusCode(202).extract().as(JobRun.class);
            JobRun onB = given().post(b.url() + "/api/jobs/slow/trigger").then().statusCode(202).extract().as(JobRun.class);
            assertThat(onA.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(onB.status()).isEqualTo(RunStatus.SKIPPED);
            assertThat(onB.error()).contains("another replica");
            await().atMost(10, TimeUnit.SECONDS).until(() -> runs(a, "slow").get(0).status() == RunStatus.SUCCEEDED);
            JobRun afterwards = given().post(b.url() + "/api/jobs/slow/trigger").then().statusCode(202)
                    .extract().as(JobRun.class);
            assertThat(afterwards.status()).as("the lease was given back").isEqualTo(RunStatus.RUNNING);

            // one store: a job created on A fires on whichever replica holds the trigger, once per firing; each
            // replica lists the runs of both (the run history is in the store); the other takes over when the one
            // that ran most of them stops. Who ran what: each replica's own run counter (metrics).
            double aBefore = executed(a);
            double bBefore = executed(b);
            create(a, "tick", "300ms", "/hook?key=tick");
            given().get(b.url() + "/api/jobs/tick").then().statusCode(200);
            await().atMost(10, TimeUnit.SECONDS).until(() -> succeeded(a, "tick").size() >= 5);
            boolean aRanMore = executed(a) - aBefore >= executed(b) - bBefore;
            PackagedApp first = aRanMore ? a : b;
            PackagedApp second = aRanMore ? b : a;
            double ranBySecond = executed(second) - (aRanMore ? bBefore : aBefore);
            assertThat(succeeded(second, "tick").size()).as("the other replica lists the runs the first one ran")
                    .isGreaterThan((int) ranBySecond);
            List<JobRun> listedBySecond = succeeded(second, "tick");
            // a replica writes its runs every 100 ms: the other lists them once written
            await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(runs(first, "tick"))
                    .as("both list the same history").containsAll(listedBySecond));
            first.stop();
            int before = succeeded(second, "tick").size();
            double secondBefore = executed(second);
            await().atMost(30, TimeUnit.SECONDS).until(() -> succeeded(second, "tick").size() >= before + 5);
            assertThat(executed(second) - secondBefore).as("the survivor runs the job").isGreaterThanOrEqualTo(5);
            given().post(second.url() + "/api/jobs/tick/pause").then().statusCode(200);
            Thread.sleep(500); // the last webhook call completes and its run is recorded
            List<JobRun> ticks = succeeded(second, "tick");

            Set<Instant> firings = new HashSet<>();
            ticks.forEach(run -> assertThat(firings.add(run.scheduledAt())).as("firing %s ran once", run.scheduledAt())
                    .isTrue());
            assertThat(FAKES.hooks("tick")).as("webhook calls = runs on both replicas").hasSize(ticks.size());
            assertThat(FAKES.maxInFlight("slow")).as("slow calls in flight at once").isEqualTo(1);
            second.stop();
        }
    }

    private static void create(PackagedApp app, String id, String every, String path) {
        given().contentType(ContentType.JSON).body("""
                {"id":"%s","schedule":{"every":"%s"},"action":{"type":"http","method":"GET","url":"%s%s"},"timeout":"5s"}"""
                .formatted(id, every, FAKES.upstreamUrl(), path))
                .post(app.url() + "/api/jobs").then().statusCode(201);
    }

    private static List<JobRun> runs(PackagedApp app, String id) {
        return Arrays.asList(given().get(app.url() + "/api/jobs/" + id + "/runs?limit=100")
                .then().statusCode(200).extract().as(JobRun[].class));
    }

    private static List<JobRun> succeeded(PackagedApp app, String id) {
        return runs(app, id).stream().filter(r -> r.status() == RunStatus.SUCCEEDED).toList();
    }

    /** Runs this replica itself finished successfully, from its metrics. */
    private static double executed(PackagedApp app) {
        String metrics = given().get(app.url() + "/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(l -> l.startsWith("updraft_scheduler_runs_total{") && l.contains("status=\"succeeded\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String user() {
        String info = server.getUserInfo();
        return info == null ? "postgres" : info.split(":", 2)[0];
    }

    private static void admin(String sql) throws Exception {
        String password = server.getUserInfo() != null && server.getUserInfo().contains(":")
                ? server.getUserInfo().split(":", 2)[1] : null;
        String jdbc = "jdbc:postgresql://" + server.getHost() + (server.getPort() > 0 ? ":" + server.getPort() : "")
                + server.getPath();
        try (Connection c = DriverManager.getConnection(jdbc, user(), password); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
