package dev.updraft.scheduler.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreSelectionTest {

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
