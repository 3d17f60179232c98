package dev.updraft.bench.live;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.updraft.bench.BenchContext;
import dev.updraft.bench.metrics.DeliveryCounts;
import dev.updraft.bench.metrics.LatencyStats;
import dev.updraft.bench.process.LineProcess;
import dev.updraft.model.ModelJson;

/** The subscriber worker processes of one scenario, driven together. */
final class WorkerGroup implements AutoCloseable {

    /** The workers' reports for one topic, merged. */
    record Merged(DeliveryCounts counts, LatencyStats latency, long firstMicros, long lastMicros, int open,
                  int closed, java.util.Map<Integer, Integer> closeCodes, long errorFrames) {
    }

    private static final ObjectMapper JSON = ModelJson.newMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    private final List<LineProcess> workers = new ArrayList<>();
    private int connected;
    private int failed;

    /** Starts enough workers for {@code connections} (at least {@code minWorkers}), sharing them evenly. */
    static WorkerGroup start(BenchContext ctx, String name, int port, int connections, int maxPerWorker,
                             int minWorkers) throws IOException, InterruptedException {
        return start(ctx, name, List.of(port), connections, maxPerWorker, minWorkers);
    }

    /**
     * As above against several hub replicas: worker {@code i} connects to {@code ports[i % ports.size()]},
     * so with a multiple of {@code ports.size()} workers every replica gets the same share.
     */
    static WorkerGroup start(BenchContext ctx, String name, List<Integer> ports, int connections, int maxPerWorker,
                             int minWorkers) throws IOException, InterruptedException {
        WorkerGroup group = new WorkerGroup();
        try {
            int needed = Math.max(minWorkers, (connections + maxPerWorker - 1) / maxPerWorker);
            int[] shares = split(connections, maxPerWorker, (needed + ports.size() - 1) / ports.size() * ports.size());
            for (int i = 0; i < shares.length; i++) {
                int n = shares[i];
                int port = ports.get(i % ports.size());
                // About 40 KB of client state per connection, plus room for the histograms.
                String heap = Math.max(256, 128 + n / 20) + "m";
                group.workers.add(LineProcess.start(name + "-" + i,
                        ctx.javaCommand(heap, SubscriberWorker.class.getName(),
                                List.of("127.0.0.1", Integer.toString(port), "/ws", Integer.toString(n), "256")),
                        java.util.Map.of(), ctx.work(), ctx.log(name + "-" + i)));
            }
            for (LineProcess w : group.workers) {
                String[] ready = w.expect("READY", Duration.ofMinutes(3)).split(" ");
                group.connected += Integer.parseInt(ready[0]);
                group.failed += Integer.parseInt(ready[1]);
            }
            return group;
        } catch (IOException | InterruptedException | RuntimeException e) {
            group.close();
            throw e;
        }
    }

    /**
     * Connections per worker: as few workers as the per-process limit allows (but at least
     * {@code minWorkers}), sharing the connections as evenly as possible.
     */
    static int[] split(int connections, int maxPerWorker, int minWorkers) {
        int workers = Math.max(minWorkers, (connections + maxPerWorker - 1) / maxPerWorker);
        workers = Math.max(1, Math.min(workers, connections));
        int[] shares = new int[workers];
        for (int i = 0; i < workers; i++) {
            shares[i] = connections / workers + (i < connections % workers ? 1 : 0);
        }
        return shares;
    }

    int size() {
        return workers.size();
    }

    int connected() {
        return connected;
    }

    int failed() {
        return failed;
    }

    /** Subscribes every connection; returns how many got a {@code subscribed} reply. */
    int subscribe(String topic) throws InterruptedException {
        workers.forEach(w -> w.send("SUBSCRIBE " + topic));
        int ok = 0;
        for (LineProcess w : workers) {
            ok += Integer.parseInt(w.expect("SUBSCRIBED " + topic, COMMAND_TIMEOUT).split(" ")[0]);
        }
        return ok;
    }

    void unsubscribe(String topic) throws InterruptedException {
        workers.forEach(w -> w.send("UNSUBSCRIBE " + topic));
        for (LineProcess w : workers) {
            w.expect("UNSUBSCRIBED " + topic, COMMAND_TIMEOUT);
        }
    }

    long received(String topic) throws InterruptedException {
        long total = 0;
        for (LineProcess w : workers) {
            total += Long.parseLong(w.request("COUNT " + topic, "COUNT " + topic, COMMAND_TIMEOUT));
        }
        return total;
    }

    /** Waits until {@code expected} events arrived in total, or {@code timeout}; returns what arrived. */
    long awaitReceived(String topic, long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long got = received(topic);
        while (got < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            got = received(topic);
        }
        return got;
    }

    /** Open connections now (workers answer STATUS with open and closed counts). */
    int open() throws InterruptedException {
        int open = 0;
        for (LineProcess w : workers) {
            open += Integer.parseInt(w.request("STATUS", "STATUS", COMMAND_TIMEOUT).split(" ")[0]);
        }
        return open;
    }

    Merged report(String topic, long lastOffset) throws InterruptedException, IOException {
        DeliveryCounts counts = DeliveryCounts.NONE;
        LatencyStats latency = new LatencyStats();
        long first = Long.MAX_VALUE;
        long last = 0;
        int open = 0;
        int closed = 0;
        long errors = 0;
        java.util.Map<Integer, Integer> codes = new java.util.TreeMap<>();
        for (LineProcess w : workers) {
            String json = w.request("REPORT " + topic + " " + lastOffset, "REPORT", COMMAND_TIMEOUT);
            WorkerReport r = JSON.readValue(json, WorkerReport.class);
            counts = counts.plus(r.counts());
            latency.add(LatencyStats.decode(r.latency(), r.clamped()));
            if (r.firstMicros() > 0) {
                first = Math.min(first, r.firstMicros());
            }
            last = Math.max(last, r.lastMicros());
            open += r.open();
            closed += r.closed();
            errors += r.errorFrames();
            r.closeCodes().forEach((k, v) -> codes.merge(k, v, Integer::sum));
        }
        return new Merged(counts, latency, first == Long.MAX_VALUE ? 0 : first, last, open, closed, codes, errors);
    }

    /** Generator CPU time so far, all workers together. */
    long cpuMillis() {
        return workers.stream().mapToLong(LineProcess::cpuMillis).filter(v -> v > 0).sum();
    }

    @Override
    public void close() {
        for (LineProcess w : workers) {
            w.send("QUIT");
        }
        workers.forEach(w -> w.awaitExitOrStop(Duration.ofSeconds(10)));
    }
}
