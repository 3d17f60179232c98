package dev.updraft.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.updraft.deploy.config.QuarkusConfigModel;
import dev.updraft.deploy.config.QuarkusConfigModel.Property;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Quarkus config model is read from the services' real extensions, phases included. */
class QuarkusConfigModelTest {

    static final Path ROOT = Overlays.deployDir().getParent();

    @Test
    void schedulerSeesItsExtensionsAndTheirPhases() {
        QuarkusConfigModel scheduler = QuarkusConfigModel.of(ROOT.resolve("scheduler-service"), ROOT);
        assertThat(scheduler.problems()).isEmpty();
        // Direct and transitive: quarkus-rest-jackson brings vertx-http, the core brings shutdown and log.
        assertThat(scheduler.extensions()).contains("quarkus-quartz", "quarkus-core", "quarkus-vertx-http");
        assertThat(scheduler.properties()).contains(
                new Property("quarkus.shutdown.timeout", "RUN_TIME"),
                new Property("quarkus.http.port", "RUN_TIME"),
                new Property("quarkus.rest-client.*.url", "RUN_TIME"),
                new Property("quarkus.datasource.db-kind", "BUILD_AND_RUN_TIME_FIXED"));
    }

    @Test
    void theAggregatorHasNoSchedulerOrDatasourceConfig() {
        QuarkusConfigModel aggregator = QuarkusConfigModel.of(ROOT.resolve("fetch-aggregator-service"), ROOT);
        assertThat(aggregator.problems()).isEmpty();
        assertThat(aggregator.properties()).extracting(Property::name)
                .contains("quarkus.http.port")
                .noneMatch(p -> p.startsWith("quarkus.quartz.") || p.startsWith("quarkus.datasource."));
    }
}
