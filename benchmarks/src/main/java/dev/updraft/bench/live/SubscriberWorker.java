package dev.updraft.bench.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.updraft.bench.metrics.DeliveryCounts;
import dev.updraft.bench.metrics.EpochClock;
import dev.updraft.bench.metrics.OffsetTracker;
import dev.updraft.model.ModelJson;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * A subscriber process: holds many WebSocket connections to a hub and answers line commands on stdin.
 *
 * <p>Several of these run side by side because one process may hold at most about 19,500 sockets here.
 * The coordinator ({@link LiveBenchmark}) drives them; every reply is one line on stdout, logs go to
 * stderr. Commands: {@code SUBSCRIBE topic}, {@code COUNT topic}, {@code REPORT topic lastOffset},
 * {@code UNSUBSCRIBE topic}, {@code STATUS}, {@code QUIT}.
 *
 * <p>Arguments: {@code host port path connections [maxConnectsInFlight]}.
 */
public final class SubscriberWorker {

    private static final Logger LOG = Logger.getLogger(SubscriberWorker.class.getName());
    private static final long SUBSCRIBE_TIMEOUT_SECONDS = 60;

    private final Vertx vertx;
    private final WebSocketClient client;
    private final List<Connection> connections = new ArrayList<>();
    private final Map<String, TopicStats> topics = new ConcurrentHashMap<>();
    private final AtomicInteger closed = new AtomicInteger();
    private final Map<Integer, Integer> closeCodes = new ConcurrentHashMap<>();
    private final PrintStream out;

    SubscriberWorker(int connections, PrintStream out) {
        this.out = out;
        // Two event loops: the generator shares two cores with the hub, more loops would only add switches.
        // epoll where available (NIO otherwise): what the generator spends per read, the hub cannot use.
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setPreferNativeTransport(true));
        LOG.info(() -> "transport: " + (vertx.isNativeTransportEnabled() ? "epoll" : "nio"));
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(connections + 16)
                .setConnectTimeout(30_000)
                .setTcpNoDelay(true));
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: SubscriberWorker host port path connections [maxConnectsInFlight]");
            System.exit(2);
        }
        int count = Integer.parseInt(args[3]);
        int inFlight = args.length > 4 ? Integer.parseInt(args[4]) : 256;
        SubscriberWorker worker = new SubscriberWorker(count, System.out);
        try {
            worker.connectAll(args[0], Integer.parseInt(args[1]), args[2], count, inFlight);
            worker.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        } finally {
            worker.close();
        }
    }

    /** Opens {@code count} connections with at most {@code inFlight} handshakes pending at once. */
    void connectAll(String host, int port, String path, int count, int inFlight) throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<Void>> pending = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            permits.acquire();
            CompletableFuture<Void> done = new CompletableFuture<>();
            pending.add(done);
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port).setURI(path);
            client.connect(options).onComplete(ar -> {
                permits.release();
                if (ar.succeeded()) {
                    attach(ar.result());
                } else {
                    if (failed.getAndIncrement() == 0) {
                        LOG.log(Level.WARNING, "connect failed: " + ar.cause());
                    }
                }
                done.complete(null);
            });
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        reply("READY " + connections.size() + " " + failed.get());
    }

    private synchronized void attach(WebSocket ws) {
        Connection c = new Connection(ws, Vertx.currentContext(), topics);
        // The data handler sees each frame; hubs send every message as one unfragmented text frame, and
        // skipping textMessageHandler saves a String decode per frame.
        ws.handler(buffer -> c.onMessage(buffer.getBytes()));
        ws.closeHandler(v -> {
            closed.incrementAndGet();
            Short code = ws.closeStatusCode();
            closeCodes.merge(code == null ? -1 : (int) code, 1, Integer::sum);
        });
        ws.exceptionHandler(e -> LOG.log(Level.FINE, "connection error", e));
        connections.add(c);
    }

    void serve(BufferedReader in) throws IOException, InterruptedException {
        String line;
        while ((line = in.readLine()) != null) {
            String[] cmd = line.trim().split("\\s+");
            switch (cmd[0]) {
                case "SUBSCRIBE" -> subscribe(cmd[1]);
                case "UNSUBSCRIBE" -> unsubscribe(cmd[1]);
                case "COUNT" -> reply("COUNT " + cmd[1] + " " + stats(cmd[1]).received.sum());
                case "REPORT" -> report(cmd[1], Long.parseLong(cmd[2]));
                case "STATUS" -> reply("STATUS " + (connections.size() - closed.get()) + " " + closed.get());
                case "QUIT" -> {
                    return;
                }
                default -> reply("ERROR unknown command " + cmd[0]);
            }
        }
    }

    private void subscribe(String topic) throws InterruptedException {
        TopicStats stats = stats(topic);
        String frame = "{\"type\":\"subscribe\",\"topic\":\"" + topic + "\",\"id\":\"s\"}";
        for (Connection c : snapshot()) {
            c.context.runOnContext(v -> c.subscribe(topic, frame));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SUBSCRIBE_TIMEOUT_SECONDS);
        int open = openCount();
        while (stats.subscribed.get() + stats.errorFrames.get() < open && System.nanoTime() < deadline) {
            Thread.sleep(20);
            open = openCount();
        }
        reply("SUBSCRIBED " + topic + " " + stats.subscribed.get() + " " + stats.errorFrames.get());
    }

    private void unsubscribe(String topic) {
        String frame = "{\"type\":\"unsubscribe\",\"topic\":\"" + topic + "\",\"id\":\"u\"}";
        for (Connection c : snapshot()) {
            c.context.runOnContext(v -> c.writeIfOpen(frame));
        }
        reply("UNSUBSCRIBED " + topic);
    }

    /** Collects each connection's accounting on the event loop that owns it. */
    private void report(String topic, long lastOffset) throws IOException {
        List<CompletableFuture<DeliveryCounts>> parts = new ArrayList<>();
        for (Connection c : snapshot()) {
            CompletableFuture<DeliveryCounts> part = new CompletableFuture<>();
            c.context.runOnContext(v -> part.complete(c.finish(topic, lastOffset)));
            parts.add(part);
        }
        DeliveryCounts total = DeliveryCounts.NONE;
        for (CompletableFuture<DeliveryCounts> part : parts) {
            total = total.plus(part.join());
        }
        TopicStats stats = stats(topic);
        WorkerReport report = new WorkerReport(topic, total, stats.latency.encode(), stats.latency.clamped(),
                stats.firstMicros.get(), stats.lastMicros.get(), openCount(), closed.get(), Map.copyOf(closeCodes),
                stats.errorFrames.get());
        ObjectMapper json = ModelJson.newMapper();
        reply("REPORT " + json.writeValueAsString(report));
    }

    private TopicStats stats(String topic) {
        return topics.computeIfAbsent(topic, t -> new TopicStats());
    }

    private synchronized List<Connection> snapshot() {
        return List.copyOf(connections);
    }

    private int openCount() {
        return snapshot().size() - closed.get();
    }

    private void reply(String line) {
        out.println(line);
        out.flush();
    }

    void close() {
        try {
            client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.FINE, "close", e);
        }
    }

    /** One connection; all its state is touched only on {@link #context}. */
    private static final class Connection {

        private final WebSocket ws;
        private final Context context;
        private final Map<String, TopicStats> topics;
        private final Map<String, OffsetTracker> trackers = new HashMap<>();
        private final FrameParser parser = new FrameParser();
        private final Frame frame = new Frame();

        Connection(WebSocket ws, Context context, Map<String, TopicStats> topics) {
            this.ws = ws;
            this.context = context;
            this.topics = topics;
        }

        void subscribe(String topic, String subscribeFrame) {
            trackers.computeIfAbsent(topic, t -> new OffsetTracker());
            writeIfOpen(subscribeFrame);
        }

        void writeIfOpen(String text) {
            if (!ws.isClosed()) {
                ws.writeTextMessage(text);
            }
        }

        void onMessage(byte[] bytes) {
            long now = EpochClock.micros();
            try {
                parser.parse(bytes, frame);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "unparsable frame: " + new String(bytes, StandardCharsets.UTF_8));
                return;
            }
            if (frame.type == null || frame.topic == null && !"error".equals(frame.type)) {
                return;
            }
            switch (frame.type) {
                case "event" -> onEvent(now);
                case "subscribed" -> {
                    var tracker = trackers.get(frame.topic);
                    if (tracker != null && !tracker.subscribed()) {
                        tracker.subscribed(frame.offset);
                        topics.get(frame.topic).subscribed.incrementAndGet();
                    }
                }
                case "error" -> {
                    LOG.log(Level.WARNING, "error frame: " + new String(bytes, StandardCharsets.UTF_8));
                    if (frame.topic != null && topics.containsKey(frame.topic)) {
                        topics.get(frame.topic).errorFrames.incrementAndGet();
                    } else {
                        topics.values().forEach(s -> s.errorFrames.incrementAndGet());
                    }
                }
                default -> {
                }
            }
        }

        private void onEvent(long now) {
            var tracker = trackers.get(frame.topic);
            TopicStats stats = topics.get(frame.topic);
            if (tracker == null || stats == null) {
                return;
            }
            tracker.event(frame.offset);
            stats.received.increment();
            stats.firstMicros.accumulateAndGet(now, (a, b) -> a == 0 ? b : Math.min(a, b));
            stats.lastMicros.accumulateAndGet(now, Math::max);
            if (frame.sentMicros > 0) {
                stats.latency.recordMicros(now - frame.sentMicros);
            }
        }

        DeliveryCounts finish(String topic, long lastOffset) {
            var tracker = trackers.get(topic);
            return tracker == null ? DeliveryCounts.NONE : tracker.finish(lastOffset);
        }
    }
}
