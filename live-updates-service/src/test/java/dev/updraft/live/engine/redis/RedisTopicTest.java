package dev.updraft.live.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.live.config.LiveConfig;
import dev.updraft.live.engine.EventFrames;
import dev.updraft.live.engine.SubscribeOutcome;
import dev.updraft.live.fanout.Burst;
import dev.updraft.live.fanout.Delivery;
import dev.updraft.live.fanout.LoopHub;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One replica's ordering and hand-over logic of the Redis engine, without Redis: the engine's reads and
 * pub/sub messages are played into {@link RedisTopic} by hand, on a real event loop with a real
 * {@link LoopHub}. ClusterIT runs the same paths against Redis under {@code -Pcluster}.
 */
class RedisTopicTest {

    private static final ObjectMapper MAPPER = ModelJson.newMapper();

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final Context loop = vertx.getOrCreateContext();
    private final LoopHubs hubs;
    private final RedisTopic topic = new RedisTopic("t", MAPPER);

    RedisTopicTest() {
        LiveConfig config = new SmallRyeConfigBuilder()
                .withMapping(LiveConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .build()
                .getConfigMapping(LiveConfig.class);
        hubs = new LoopHubs(vertx, new LiveMetrics(new SimpleMeterRegistry()), config);
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** What a subscription was sent, on its loop. */
    static final class Recorder implements Sink {
        final List<Delivery> sent = new ArrayList<>();

        @Override
        public int send(Burst burst, int from, int to) {
            for (int i = from; i < to; i++) {
                sent.add(burst.get(i));
            }
            return to - from;
        }

        @Override
        public void sendReplayed(Burst events) {
            send(events, 0, events.size());
        }
    }

    @Test
    void liveEventsPastAGapWaitForTheCatchUpAndArriveInOrder() throws Exception {
        Recorder recorder = new Recorder();
        subscribe(recorder, null, read("E", 2, 1, List.of()));
        assertThat(live(entry(3, "E"))).as("contiguous: delivered at once").isFalse();
        assertThat(live(entry(5, "E"))).as("past a gap: a catch-up is needed").isTrue();
        assertThat(live(entry(6, "E"))).isTrue();
        boolean more = onLoop(() -> topic.applyCatchUp(read("E", 6, 1, entries("E", 4, 6)), false, new ArrayList<>()));
        assertThat(more).isFalse();
        awaitOffsets(recorder, 3, 4, 5, 6);
        assertThat(onLoop(() -> topic.last)).isEqualTo(6);
    }

    @Test
    void eventsTrimmedBeforeTheCatchUpAreAnnouncedNotSkipped() throws Exception {
        Recorder recorder = new Recorder();
        subscribe(recorder, null, read("E", 2, 1, List.of()));
        assertThat(live(entry(10, "E"))).isTrue();
        onLoop(() -> topic.applyCatchUp(read("E", 10, 8, entries("E", 8, 10)), false, new ArrayList<>()));
        awaitOffsets(recorder, 8, 9, 10);
        JsonNode notice = notice(recorder);
        assertThat(notice.path("recovered").asBoolean()).isFalse();
        assertThat(notice.path("offset").asLong()).as("events after it follow").isEqualTo(7);
        assertThat(recorder.sent.indexOf(recorder.sent.stream().filter(d -> d.restartsAt() > 0).findFirst().orElseThrow()))
                .as("the notice precedes the events").isZero();
    }

    @Test
    void aNewEpochRestartsTheSequenceWithANotice() throws Exception {
        Recorder recorder = new Recorder();
        subscribe(recorder, null, read("E1", 3, 1, List.of()));
        assertThat(live(entry(1, "E2"))).as("another epoch: the read decides").isTrue();
        onLoop(() -> topic.applyCatchUp(read("E2", 2, 1, entries("E2", 1, 2)), false, new ArrayList<>()));
        awaitOffsets(recorder, 1, 2);
        JsonNode notice = notice(recorder);
        assertThat(notice.path("epoch").asText()).isEqualTo("E2");
        assertThat(notice.path("offset").asLong()).isZero();
        assertThat(recorder.sent).filteredOn(Delivery::isEvent)
                .allSatisfy(d -> assertThat(d.frame()).contains("\"epoch\":\"E2\""));
    }

    @Test
    void aSubscriberWhoseReadWasOvertakenByPubSubGetsTheRestFromRecentEvents() throws Exception {
        Recorder first = new Recorder();
        subscribe(first, null, read("E", 5, 1, List.of()));
        for (long offset = 6; offset <= 8; offset++) {
            live(entry(offset, "E"));
        }
        Recorder second = new Recorder();
        // its read ran before 7 and 8 were published, but pub/sub brought them here first
        SubscribeOutcome outcome = subscribe(second, 4L, read("E", 6, 1, entries("E", 5, 6)));
        assertThat(outcome.offset()).isEqualTo(8);
        assertThat(outcome.recovered()).isTrue();
        assertThat(outcome.replay()).extracting(Delivery::offset).containsExactly(5L, 6L, 7L, 8L);
        live(entry(9, "E"));
        awaitOffsets(second, 9); // the replay was handed over by the caller, the rest arrives live
        awaitOffsets(first, 6, 7, 8, 9);
    }

    @Test
    void aReadOlderThanTheRecentEventsIsReadAgain() throws Exception {
        subscribe(new Recorder(), null, read("E", 0, 1, List.of()));
        for (long offset = 1; offset <= 300; offset++) {
            live(entry(offset, "E"));
        }
        Subscription late = new Subscription("t", new Recorder(), onLoop(hubs::current));
        RedisTopic.Completion completion = onLoop(() -> {
            topic.begin(late);
            return topic.complete(late, 5L, "E", read("E", 10, 1, entries("E", 6, 10)));
        });
        assertThat(completion).isSameAs(RedisTopic.Completion.RETRY);
    }

    @Test
    void staleEpochReplaysTheCurrentOneAndIsNotRecovered() throws Exception {
        SubscribeOutcome outcome = subscribe(new Recorder(), 7L, "old", read("E", 3, 1, entries("E", 1, 3)));
        assertThat(outcome.recovered()).isFalse();
        assertThat(outcome.epoch()).isEqualTo("E");
        assertThat(outcome.replay()).extracting(Delivery::offset).containsExactly(1L, 2L, 3L);
        SubscribeOutcome beyond = subscribe(new Recorder(), 9L, "E", read("E", 3, 1, List.of()));
        assertThat(beyond.recovered()).as("since beyond the last offset").isFalse();
    }

    @Test
    void waitersWakeOnAnEventPastTheirOffset() throws Exception {
        List<String> woken = new ArrayList<>();
        subscribe(new Recorder(), null, read("E", 3, 1, List.of()));
        onLoop(() -> {
            topic.addWaiter(new RedisTopic.Waiter(3, () -> woken.add("at 3")));
            topic.addWaiter(new RedisTopic.Waiter(5, () -> woken.add("at 5")));
            List<Runnable> toRun = new ArrayList<>();
            topic.onLive(entry(4, "E"), toRun);
            toRun.forEach(Runnable::run);
            return null;
        });
        assertThat(woken).containsExactly("at 3");
    }

    private SubscribeOutcome subscribe(Recorder recorder, Long since, ReadResult read) throws Exception {
        return subscribe(recorder, since, null, read);
    }

    private SubscribeOutcome subscribe(Recorder recorder, Long since, String epoch, ReadResult read) throws Exception {
        return onLoop(() -> {
            Subscription s = new Subscription("t", recorder, hubs.current());
            topic.begin(s);
            RedisTopic.Completion completion = topic.complete(s, since, epoch, read);
            assertThat(completion.registered()).isTrue();
            return completion.outcome();
        });
    }

    private boolean live(Entry e) throws Exception {
        return onLoop(() -> topic.onLive(e, new ArrayList<>()));
    }

    private void awaitOffsets(Recorder recorder, long... offsets) {
        List<Long> expected = LongStream.of(offsets).boxed().toList();
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                onLoop(() -> recorder.sent.stream().filter(Delivery::isEvent).map(Delivery::offset).toList()))
                .isEqualTo(expected));
    }

    private JsonNode notice(Recorder recorder) throws Exception {
        Delivery notice = onLoop(() -> recorder.sent.stream().filter(d -> d.restartsAt() > 0).findFirst().orElseThrow());
        JsonNode frame = MAPPER.readTree(notice.frame());
        assertThat(frame.path("type").asText()).isEqualTo("subscribed");
        assertThat(frame.has("ref")).isFalse();
        return frame;
    }

    private static ReadResult read(String epoch, long last, long first, List<Entry> entries) {
        return new ReadResult(epoch, last, first, entries);
    }

    private static List<Entry> entries(String epoch, long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(offset -> entry(offset, epoch)).toList();
    }

    private static Entry entry(long offset, String epoch) {
        long now = System.currentTimeMillis();
        return new Entry(offset, epoch, now,
                EventFrames.event("t", offset, epoch, Instant.ofEpochMilli(now), "\"p\"", Long.toString(offset)));
    }

    /** Runs {@code task} on the test's event loop, where the topic's hub lives, and waits for it. */
    private <T> T onLoop(Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.runOnContext(ignored -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(5, TimeUnit.SECONDS);
    }
}
