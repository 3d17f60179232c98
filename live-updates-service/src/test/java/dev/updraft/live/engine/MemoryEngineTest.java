package dev.updraft.live.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.updraft.live.config.LiveConfig;
import dev.updraft.live.engine.memory.MemoryEngine;
import dev.updraft.model.ModelJson;
import dev.updraft.model.live.EventPage;
import dev.updraft.model.live.PublishResult;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** History bounds and topic lifecycle of the embedded engine, without Quarkus. */
class MemoryEngineTest {

    @Test
    void historyIsBoundedBySizeAndOffsetsStayGapFree() {
        MemoryEngine engine = engine("3", "10m");
        for (int i = 1; i <= 5; i++) {
            assertThat(engine.publish("t", "a", TextNode.valueOf("e" + i)).await().indefinitely().offset()).isEqualTo(i);
        }
        EventPage all = engine.read("t", 0, 100).await().indefinitely();
        assertThat(all.events()).extracting(e -> e.offset()).containsExactly(3L, 4L, 5L);
        assertThat(all.recovered()).as("offsets 1-2 are gone").isFalse();
        assertThat(engine.read("t", 2, 100).await().indefinitely().recovered()).isTrue();
        assertThat(engine.read("t", 3, 1).await().indefinitely().events()).extracting(e -> e.offset()).containsExactly(4L);
        assertThat(engine.historySize()).isEqualTo(3);
    }

    @Test
    void eventsOlderThanTheTtlLeaveHistoryAndAnIdleTopicIsForgottenWithANewEpoch() throws Exception {
        MemoryEngine engine = engine("100", "150ms");
        PublishResult first = engine.publish("t", "a", TextNode.valueOf("old")).await().indefinitely();
        engine.publish("t", "a", TextNode.valueOf("old too")).await().indefinitely();
        Thread.sleep(200);
        PublishResult third = engine.publish("t", "a", TextNode.valueOf("fresh")).await().indefinitely();
        assertThat(third.offset()).isEqualTo(3);
        EventPage page = engine.read("t", 0, 100).await().indefinitely();
        assertThat(page.events()).extracting(e -> e.data().asText()).containsExactly("fresh");
        assertThat(page.recovered()).isFalse();

        Thread.sleep(200);
        engine.sweep();
        assertThat(engine.topics().await().indefinitely()).isEmpty();
        PublishResult reborn = engine.publish("t", "a", TextNode.valueOf("new life")).await().indefinitely();
        assertThat(reborn.offset()).as("offsets restart with the new epoch").isEqualTo(1);
        assertThat(reborn.epoch()).isNotEqualTo(first.epoch());
    }

    @Test
    void longPollWaiterRunsOnTheNextEventOnlyAndCanBeCancelled() {
        MemoryEngine engine = engine("10", "10m");
        engine.publish("t", "a", TextNode.valueOf("1")).await().indefinitely();
        int[] woken = new int[2];
        engine.onEventAfter("t", 1, () -> woken[0]++);
        Runnable cancel = engine.onEventAfter("t", 1, () -> woken[1]++);
        cancel.run();
        assertThat(woken).containsExactly(0, 0);
        engine.publish("t", "a", TextNode.valueOf("2")).await().indefinitely();
        engine.publish("t", "a", TextNode.valueOf("3")).await().indefinitely();
        assertThat(woken).as("once, and never the cancelled one").containsExactly(1, 0);
        engine.onEventAfter("t", 1, () -> woken[1]++);
        assertThat(woken[1]).as("an event past since exists: at once").isEqualTo(1);
    }

    private static MemoryEngine engine(String size, String ttl) {
        LiveConfig config = new SmallRyeConfigBuilder()
                .withMapping(LiveConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withDefaultValue("updraft.live.history.size", size)
                .withDefaultValue("updraft.live.history.ttl", ttl)
                .build()
                .getConfigMapping(LiveConfig.class);
        return new MemoryEngine(ModelJson.newMapper(), config);
    }
}
