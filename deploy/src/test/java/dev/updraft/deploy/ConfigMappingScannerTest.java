package dev.updraft.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.updraft.deploy.config.ConfigMappingScanner;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigMappingScannerTest {

    static final Path SOURCES = Overlays.deployDir().resolve("src/test/resources/fixtures/config-source");

    /** Every SmallRye mapping shape the services use, and nothing from comments, strings or default methods. */
    @Test
    void derivesTheKeysSmallRyeWouldAccept() {
        assertThat(ConfigMappingScanner.keys(SOURCES)).containsExactlyInAnyOrder(
                "example.base-url",
                "example.renamed",
                "example.mode",
                "example.nested.max-retry-count",
                "example.nested.timeout-url",
                "example.optional-nested.max-retry-count",
                "example.optional-nested.timeout-url",
                "example.items.*.url",
                "example.items.*.method",
                "example.labels.*",
                "example.entries[*].name",
                "example.entries[*].value",
                "example.tags",
                "example.tags[*]",
                "example.enabled",
                "verbatim.camelCase");
    }

    @Test
    void findsThePrefixes() {
        assertThat(ConfigMappingScanner.prefixes(SOURCES)).containsExactlyInAnyOrder("example", "verbatim");
    }

    /** The real services: each has its mapping, and the keys DESIGN.md fixes are among them. */
    @Test
    void readsTheServicesMappings() {
        Path root = Overlays.deployDir().getParent();
        assertThat(ConfigMappingScanner.keys(root.resolve("live-updates-service/src/main/java")))
                .contains("updraft.live.engine", "updraft.live.long-poll.max-wait");
        assertThat(ConfigMappingScanner.keys(root.resolve("fetch-aggregator-service/src/main/java")))
                .contains("updraft.aggregator.ssrf.allow");
        assertThat(ConfigMappingScanner.keys(root.resolve("scheduler-service/src/main/java")))
                .contains("updraft.scheduler.shutdown-grace", "updraft.scheduler.jobs.*.action.type");
    }
}
