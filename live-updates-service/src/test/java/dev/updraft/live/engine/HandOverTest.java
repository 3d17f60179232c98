package dev.updraft.live.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.updraft.live.config.LiveConfig;
import dev.updraft.live.engine.memory.MemoryEngine;
import dev.updraft.live.fanout.Burst;
import dev.updraft.live.fanout.Delivery;
import dev.updraft.live.fanout.LoopHubs;
import dev.updraft.live.fanout.Sink;
import dev.updraft.live.fanout.Subscription;
import dev.updraft.live.metrics.LiveMetrics;
import dev.updraft.model.ModelJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The replay/live hand-over under a storm, without network: two threads publish without pause while 120
 * subscriptions join at random moments on two event loops, each with a random {@code since}. Each must
 * see a gap-free, duplicate-free run of offsets from {@code since + 1} (replay) into live, to the end.
 */
class HandOverTest {

    private static final int SUBSCRIBERS = 120;

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Collects what it is sent; confined to its loop like a real connection. */
    static final class Recorder implements Sink {
        final List<Long> offsets = new ArrayList<>();
        volatile long last;

        Recorder(long since) {
            this.last = since;
        }

        @Override
        public int send(Burst burst, int from, int to) {
            for (int i = from; i < to; i++) {
                Delivery delivery = burst.get(i);
                if (delivery.isEvent()) {
                    offsets.add(delivery.offset());
                    last = delivery.offset();
                }
            }
            return to - from;
        }

        @Override
        public void sendReplayed(Burst events) {
            send(events, 0, events.size());
        }
    }

    @Test
    void everySubscriptionGetsAContiguousRunWhateverTheMomentItJoins() throws Exception {
        LiveConfig config = config();
        ObjectMapper mapper = ModelJson.newMapper();
        LiveMetrics metrics = new LiveMetrics(new SimpleMeterRegistry());
        MemoryEngine engine = new MemoryEngine(mapper, config);
        LoopHubs hubs = new LoopHubs(vertx, metrics, config);
        List<Context> loops = List.of(vertx.getOrCreateContext(), vertx.getOrCreateContext());

        List<Recorder> recorders = new CopyOnWriteArrayList<>();
        List<Long> sinces = new CopyOnWriteArrayList<>();
        AtomicBoolean storming = new AtomicBoolean(true);
        // Mutiny's context-propagation interceptor installs its provider on first use, and two threads doing
        // that at once (in a JVM where a Quarkus test ran before) fail with "ContextManagerProvider already
        // set": first use here, on one thread
        engine.read("storm", 0, 1).await().indefinitely();
        // two threads of their own: the common pool has a single thread on a 2-core machine, on which the
        // second publisher would only start once the first had stopped
        ExecutorService publisherThreads = Executors.newFixedThreadPool(2);
        CompletableFuture<Void> publishers = CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> publishWhile(engine, storming), publisherThreads),
                CompletableFuture.runAsync(() -> publishWhile(engine, storming), publisherThreads));
        try {
            joinDuringTheStorm(engine, hubs, loops, recorders, sinces);
        } finally {
            storming.set(false);
            publisherThreads.shutdown();
        }
        publishers.get(30, TimeUnit.SECONDS);
        long events = lastOffset(engine);
        assertThat(sinces.getLast()).as("the last subscriber joined during the storm").isLessThan(events);
        assertThat(publishedBy).as("events per publisher thread").hasSize(2);
        publishedBy.values().forEach(count -> assertThat(count.get()).as("events of one publisher").isPositive());

        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> recorders.stream().allMatch(r -> r.last == events));
        for (int i = 0; i < recorders.size(); i++) {
            long since = sinces.get(i);
            List<Long> seen = snapshot(loops.get(i % loops.size()), recorders.get(i));
            assertThat(seen).as("subscription %d (since %d)", i, since)
                    .containsExactlyElementsOf(LongStream.rangeClosed(since + 1, events).boxed().toList());
        }
    }

    private static void joinDuringTheStorm(MemoryEngine engine, LoopHubs hubs, List<Context> loops,
            List<Recorder> recorders, List<Long> sinces) throws Exception {
        for (int i = 0; i < SUBSCRIBERS; i++) {
            Context loop = loops.get(i % loops.size());
            CompletableFuture<Void> joined = new CompletableFuture<>();
            // read here, not on the loop, which must not block: the storm only moves the last offset on
            long last = engine.read("storm", 0, 1).await().indefinitely().events().isEmpty() ? 0 : lastOffset(engine);
            long since = ThreadLocalRandom.current().nextLong(Math.max(0, last - 40), last + 1);
            loop.runOnContext(ignored -> {
                Recorder recorder = new Recorder(since);
                Subscription subscription = new Subscription("storm", recorder, hubs.current());
                // the memory engine emits at once, on this loop: the replay is written in this turn
                engine.subscribe(subscription, since, null, null).subscribe().with(outcome -> {
                    try {
                        subscription.replay(outcome.replay());
                        assertThat(outcome.recovered()).isTrue();
                        recorders.add(recorder);
                        sinces.add(since);
                        joined.complete(null);
                    } catch (Throwable e) {
                        joined.completeExceptionally(e);
                    }
                }, joined::completeExceptionally);
            });
            joined.get(5, TimeUnit.SECONDS);
            Thread.sleep(ThreadLocalRandom.current().nextInt(2));
        }
    }

    private final Map<String, AtomicLong> publishedBy = new ConcurrentHashMap<>();

    private void publishWhile(MemoryEngine engine, AtomicBoolean storming) {
        AtomicLong mine = publishedBy.computeIfAbsent(Thread.currentThread().getName(), name -> new AtomicLong());
        for (int i = 0; storming.get(); i++) {
            engine.publish("storm", "p", IntNode.valueOf(i)).await().indefinitely();
            mine.incrementAndGet();
            if (i % 16 == 0) {
                // paced so that the storm spans every join without piling up a huge history on two cores
                LockSupport.parkNanos(50_000);
            }
        }
    }

    private static long lastOffset(MemoryEngine engine) {
        return engine.topics().await().indefinitely().stream().filter(t -> t.topic().equals("storm")).findFirst().orElseThrow().lastOffset();
    }

    /** Reads a recorder's list on its own loop, where it is written. */
    private static List<Long> snapshot(Context loop, Recorder recorder) throws Exception {
        CompletableFuture<List<Long>> copy = new CompletableFuture<>();
        loop.runOnContext(ignored -> copy.complete(List.copyOf(recorder.offsets)));
        return copy.get(5, TimeUnit.SECONDS);
    }

    private static LiveConfig config() {
        return new SmallRyeConfigBuilder()
                .withMapping(LiveConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter()) // "10m" as in Quarkus
                .withDefaultValue("updraft.live.history.size", "100000")
                .build()
                .getConfigMapping(LiveConfig.class);
    }
}
