package dev.updraft.bench.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.OutputStream;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.updraft.bench.metrics.DeliveryCounts;
import dev.updraft.bench.metrics.EpochClock;
import dev.updraft.bench.metrics.LatencyStats;
import dev.updraft.model.ModelJson;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * Drives a real subscriber worker (in process, over its line protocol) against a scripted hub on a random
 * port, and checks the accounting that comes back: the whole path from WebSocket frame to report.
 */
class SubscriberWorkerTest {

    /** What the scripted hub sends every subscriber: a gap (4), a late offset (2) and a repeat (2). */
    private static final long[] SCRIPT = {1, 3, 2, 2, 5};
    private static final int CONNECTIONS = 3;

    private Vertx vertx;
    private HttpServer hub;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private PrintWriter commands;
    private Thread serving;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        hub = vertx.createHttpServer().webSocketHandler(ws -> ws.textMessageHandler(text -> {
            if (!text.contains("\"subscribe\"")) {
                return;
            }
            ws.writeTextMessage("{\"type\":\"subscribed\",\"topic\":\"t\",\"ref\":\"s\",\"offset\":0,\"epoch\":\"e\"}");
            for (long offset : SCRIPT) {
                ws.writeTextMessage("{\"type\":\"event\",\"topic\":\"t\",\"offset\":" + offset
                        + ",\"epoch\":\"e\",\"data\":{\"t\":" + EpochClock.micros() + "}}");
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        PipedWriter toWorker = new PipedWriter();
        BufferedReader workerIn = new BufferedReader(new PipedReader(toWorker));
        commands = new PrintWriter(toWorker, true);
        PrintStream workerOut = new PrintStream(new LineSink(replies), true, StandardCharsets.UTF_8);
        SubscriberWorker worker = new SubscriberWorker(CONNECTIONS, workerOut);
        serving = new Thread(() -> {
            try {
                worker.connectAll("127.0.0.1", hub.actualPort(), "/ws", CONNECTIONS, 2);
                worker.serve(workerIn);
            } catch (Exception e) {
                replies.add("FAILED " + e);
            } finally {
                worker.close();
            }
        });
        serving.start();
    }

    @AfterEach
    void stop() throws Exception {
        commands.println("QUIT");
        serving.join(10_000);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void reportsGapsRepeatsAndLateOffsetsPerConnection() throws Exception {
        assertThat(reply()).isEqualTo("READY " + CONNECTIONS + " 0");
        commands.println("SUBSCRIBE t");
        assertThat(reply()).isEqualTo("SUBSCRIBED t " + CONNECTIONS + " 0");

        long expectedFrames = (long) CONNECTIONS * SCRIPT.length;
        long received = 0;
        for (int i = 0; i < 100 && received < expectedFrames; i++) {
            commands.println("COUNT t");
            received = Long.parseLong(reply().substring("COUNT t ".length()));
            if (received < expectedFrames) {
                Thread.sleep(50);
            }
        }
        assertThat(received).isEqualTo(expectedFrames);

        commands.println("REPORT t 5");
        String report = reply();
        assertThat(report).startsWith("REPORT ");
        WorkerReport r = ModelJson.newMapper().readValue(report.substring("REPORT ".length()), WorkerReport.class);
        // per connection: 5 expected, 5 frames, offset 4 missing, one repeat, one late arrival
        assertThat(r.counts()).isEqualTo(new DeliveryCounts(CONNECTIONS, 5L * CONNECTIONS, 5L * CONNECTIONS,
                CONNECTIONS, CONNECTIONS, CONNECTIONS, 0));
        assertThat(LatencyStats.decode(r.latency(), r.clamped()).count()).isEqualTo(expectedFrames);
        assertThat(r.open()).isEqualTo(CONNECTIONS);
        assertThat(r.closed()).isZero();
        assertThat(r.firstMicros()).isPositive().isLessThanOrEqualTo(r.lastMicros());
    }

    private String reply() throws InterruptedException {
        String line = replies.poll(10, TimeUnit.SECONDS);
        assertThat(line).as("a reply from the worker").isNotNull();
        return line;
    }

    /** Collects what the worker prints, one queue element per line. */
    private static final class LineSink extends OutputStream {

        private final BlockingQueue<String> lines;
        private final StringBuilder current = new StringBuilder();

        LineSink(BlockingQueue<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.add(current.toString());
                current.setLength(0);
            } else {
                current.append((char) b);
            }
        }
    }
}
