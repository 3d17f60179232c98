package dev.updraft.scheduler.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreSelectionTest {

    private static final String CLUSTERED = "quarkus.quartz.unsupported-properties.\"org.quartz.jobStore.isClustered\"";

    /**
     * Quartz is clustered on PostgreSQL only: the build leaves {@code quarkus.quartz.clustered} off and the selection
     * passes the Quartz property at run time; the embedded store locks in memory.
     */
    @Test
    void clustersQuartzOnPostgresqlOnly() {
        Map<String, String> embedded = selected(Map.of());
        assertThat(embedded).containsEntry("quarkus.quartz.deferred-datasource-name", "embedded")
                .containsEntry("quarkus.datasource.embedded.active", "true")
                .containsEntry("quarkus.datasource.postgresql.active", "false")
                .doesNotContainKey(CLUSTERED);

        Map<String, String> postgres = selected(Map.of("UPDRAFT_PG_URL", "postgresql://db:5432/updraft"));
        assertThat(postgres).containsEntry("quarkus.quartz.deferred-datasource-name", "postgresql")
                .containsEntry("quarkus.datasource.postgresql.active", "true")
                .containsEntry("quarkus.datasource.embedded.active", "false")
                .containsEntry(CLUSTERED, "true")
                .containsEntry("quarkus.quartz.unsupported-properties.\"org.quartz.jobStore.clusterCheckinInterval\"",
                        "5000")
                .containsEntry("quarkus.datasource.postgresql.jdbc.url", "jdbc:postgresql://db:5432/updraft");

        assertThat(selected(Map.of("updraft.scheduler.store", "postgresql"))).containsEntry(CLUSTERED, "true");
        assertThat(selected(Map.of("UPDRAFT_PG_URL", "postgresql://db/x", "updraft.scheduler.store", "embedded")))
                .doesNotContainKey(CLUSTERED);
    }

    private static Map<String, String> selected(Map<String, String> settings) {
        ConfigSourceContext context = new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                String value = settings.get(name);
                return value == null ? null : ConfigValue.builder().withName(name).withValue(value).build();
            }

            @Override
            public Iterator<String> iterateNames() {
                return settings.keySet().iterator();
            }
        };
        Map<String, String> properties = new HashMap<>();
        new StoreSelection().getConfigSources(context).forEach(source -> properties.putAll(source.getProperties()));
        return properties;
    }

    @Test
    void turnsUpdraftPgUrlIntoJdbcSettings() {
        assertThat(StoreSelection.jdbc("postgresql://localhost:5432/postgres"))
                .containsExactlyEntriesOf(Map.of(
                        "quarkus.datasource.postgresql.jdbc.url", "jdbc:postgresql://localhost:5432/postgres"));
        assertThat(StoreSelection.jdbc("postgres://sched:s3cret@db.internal/updraft?sslmode=require"))
                .containsEntry("quarkus.datasource.postgresql.jdbc.url",
                        "jdbc:postgresql://db.internal/updraft?sslmode=require")
                .containsEntry("quarkus.datasource.postgresql.username", "sched")
                .containsEntry("quarkus.datasource.postgresql.password", "s3cret");
        assertThat(StoreSelection.jdbc("jdbc:postgresql://h:5433/x"))
                .containsEntry("quarkus.datasource.postgresql.jdbc.url", "jdbc:postgresql://h:5433/x");
    }
}
