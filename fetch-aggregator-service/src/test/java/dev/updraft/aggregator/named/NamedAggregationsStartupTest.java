package dev.updraft.aggregator.named;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.updraft.aggregator.config.AggregatorConfig;
import dev.updraft.aggregator.fanout.RequestLimits;
import dev.updraft.model.Durations;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A declared aggregation that no call could run fails the start, naming the key, not every call later. */
class NamedAggregationsStartupTest {

    private static final String DEMO = "updraft.aggregator.aggregations.demo.";

    private static NamedAggregations start(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.putIfAbsent(DEMO + "requests.a.url", "http://example.com/a");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(AggregatorConfig.class)
                // Quarkus registers its duration converter; plain SmallRye Config needs one
                .withConverter(Duration.class, 100, value -> Durations.parse("duration", value))
                .withDefaultValues(all)
                .build();
        AggregatorConfig mapped = config.getConfigMapping(AggregatorConfig.class);
        return new NamedAggregations(mapped, new RequestLimits(mapped));
    }

    @Test
    void aValidAggregationIsDeclared() {
        assertThat(start(Map.of(DEMO + "deadline", "5s")).find("demo")).isPresent();
    }

    @Test
    void aDeadlineBeyondTheMaximumFailsTheStart() {
        assertThatThrownBy(() -> start(Map.of(DEMO + "deadline", "1h")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(DEMO + "deadline")
                .hasMessageContaining("longer than the allowed 5m");
    }

    @Test
    void aHeaderTheClientCannotSendFailsTheStart() {
        assertThatThrownBy(() -> start(Map.of(DEMO + "requests.a.headers.\"X Bad\"", "v")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not an HTTP token");
    }
}
