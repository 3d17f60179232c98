package dev.updraft.scheduler.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.model.InvalidFieldException;
import dev.updraft.model.scheduler.JobAction;
import dev.updraft.model.scheduler.JobSpec;
import dev.updraft.scheduler.config.SchedulerConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Jobs declared in configuration become the same {@link JobSpec}s as API jobs; mistakes name the key. */
class ConfiguredJobsTest {

    @Test
    void readsDeclaredJobsOfBothKinds() {
        ConfiguredJobs jobs = configured(props(
                "updraft.scheduler.jobs.nightly.cron", "0 0 3 * * ?",
                "updraft.scheduler.jobs.nightly.zone", "Europe/Paris",
                "updraft.scheduler.jobs.nightly.action.type", "http",
                "updraft.scheduler.jobs.nightly.action.url", "http://reports.internal/run",
                "updraft.scheduler.jobs.nightly.action.body", "{\"kind\":\"nightly\"}",
                "updraft.scheduler.jobs.prices.every", "30s",
                "updraft.scheduler.jobs.prices.jitter", "10%",
                "updraft.scheduler.jobs.prices.enabled", "false",
                "updraft.scheduler.jobs.prices.action.type", "aggregate-publish",
                "updraft.scheduler.jobs.prices.action.urls", "http://a.example/p,http://b.example/p",
                "updraft.scheduler.jobs.prices.action.topic", "prices"));

        List<JobSpec> specs = jobs.declared().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
        assertThat(specs).extracting(JobSpec::id).containsExactly("nightly", "prices");
        JobSpec nightly = specs.get(0);
        assertThat(nightly.schedule().cron()).isEqualTo("0 0 3 * * ?");
        assertThat(nightly.schedule().zoneId().getId()).isEqualTo("Europe/Paris");
        JobAction.Http http = (JobAction.Http) nightly.action();
        assertThat(http.method()).isEqualTo("POST");
        assertThat(http.body().get("kind").asText()).isEqualTo("nightly");
        JobSpec prices = specs.get(1);
        assertThat(prices.enabled()).isFalse();
        assertThat(prices.schedule().maxJitter()).isEqualTo(Duration.ofSeconds(3));
        JobAction.AggregatePublish aggregate = (JobAction.AggregatePublish) prices.action();
        assertThat(aggregate.requests()).extracting(r -> r.id() + "=" + r.url())
                .containsExactly("0=http://a.example/p", "1=http://b.example/p");
        assertThat(aggregate.topic()).isEqualTo("prices");
    }

    @Test
    void theBuiltInJobAggregatesTheThreeHealthEndpoints() {
        JobSpec spec = configured(props("quarkus.rest-client.aggregator.url", "http://agg:9001/"))
                .platformStatus("http://self:9002").orElseThrow();
        JobAction.AggregatePublish action = (JobAction.AggregatePublish) spec.action();
        assertThat(spec.schedule().every()).isEqualTo(Duration.ofSeconds(5));
        assertThat(action.topic()).isEqualTo("platform.status");
        assertThat(action.requests()).extracting(r -> r.id() + "=" + r.url()).containsExactly(
                "live-updates=http://localhost:8080/q/health",
                "fetch-aggregator=http://agg:9001/q/health",
                "scheduler=http://self:9002/q/health");
        assertThat(configured(props("updraft.scheduler.platform-status.enabled", "false"))
                .platformStatus("http://self").isEmpty()).isTrue();
    }

    @Test
    void aBadDeclaredJobNamesItsConfigurationKey() {
        assertThatThrownBy(() -> configured(props(
                "updraft.scheduler.jobs.broken.cron", "0 61 * * * ?",
                "updraft.scheduler.jobs.broken.action.type", "http",
                "updraft.scheduler.jobs.broken.action.url", "http://h/")).declared())
                .hasMessageContaining("updraft.scheduler.jobs.broken.cron")
                .hasCauseInstanceOf(InvalidFieldException.class);
        assertThatThrownBy(() -> configured(props(
                "updraft.scheduler.jobs.broken.every", "1s",
                "updraft.scheduler.jobs.broken.action.type", "mail")).declared())
                .hasMessageContaining("updraft.scheduler.jobs.broken.action.type");
        assertThatThrownBy(() -> configured(props(
                "updraft.scheduler.jobs.broken.every", "1s",
                "updraft.scheduler.jobs.broken.action.type", "http",
                "updraft.scheduler.jobs.broken.action.url", "not a url")).declared())
                .hasMessageContaining("updraft.scheduler.jobs.broken.action.url");
    }

    private static Map<String, String> props(String... keysAndValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static ConfiguredJobs configured(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.put("updraft.scheduler.data-dir", "/tmp/unused");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(SchedulerConfig.class)
                .addDefaultInterceptors() // ${...} expressions in defaults
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus's "10s" form
                .withSources(new PropertiesConfigSource(all, "test", 500))
                .build();
        return new ConfiguredJobs(config.getConfigMapping(SchedulerConfig.class), new ObjectMapper());
    }
}
