package dev.updraft.deploy.policy;

import java.util.Map;
import java.util.Optional;

/** The Quarkus services of the platform, recognised by container name, and where their sources live. */
public final class UpdraftServices {

    public record Service(String container, String module, int port) {
    }

    private static final Map<String, Service> BY_CONTAINER = Map.of(
            "live-updates", new Service("live-updates", "live-updates-service", 8080),
            "fetch-aggregator", new Service("fetch-aggregator", "fetch-aggregator-service", 8081),
            "scheduler", new Service("scheduler", "scheduler-service", 8082));

    private UpdraftServices() {
    }

    public static Optional<Service> forContainer(String containerName) {
        return Optional.ofNullable(BY_CONTAINER.get(containerName));
    }

    public static java.util.Collection<Service> all() {
        return BY_CONTAINER.values();
    }
}
