package dev.updraft.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.updraft.deploy.policy.NetworkFlows;
import dev.updraft.deploy.policy.NetworkFlows.Endpoint;
import dev.updraft.deploy.policy.Workload;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The NetworkPolicies allow exactly the platform's data flow: every pair of pods and every port is
 * evaluated, and the allowed set must equal the expected one, so both a missing path and an extra one fail.
 */
class NetworkFlowTest {

    /** "from -> to:port" between the pods of the namespace. */
    static final Set<String> PLATFORM_FLOWS = Set.of(
            "scheduler -> fetch-aggregator:8081",   // aggregate-publish actions
            "scheduler -> live-updates:8080",        // publishing results
            "fetch-aggregator -> live-updates:8080", // platform-status: /q/health of each service
            "fetch-aggregator -> scheduler:8082",
            "fetch-aggregator -> fetch-aggregator:8081");

    static final Set<String> ADDON_FLOWS = Set.of(
            "live-updates -> redis:6379",
            "scheduler -> postgres:5432");

    @Test
    void devAllowsExactlyThePlatformFlows() {
        assertThat(podToPodFlows(Overlays.typed("overlays/dev"))).isEqualTo(new TreeSet<>(PLATFORM_FLOWS));
        assertEdges(Overlays.typed("overlays/dev"), "updraft-dev", false);
    }

    @Test
    void productionAllowsExactlyThePlatformFlowsAndTheStores() {
        List<HasMetadata> prod = Overlays.typed("overlays/production");
        assertThat(podToPodFlows(prod)).isEqualTo(new TreeSet<>(PLATFORM_FLOWS));
        assertEdges(prod, "updraft", true);
    }

    @Test
    void trialAddsOnlyEachStoreToItsOneClient() {
        Set<String> expected = new TreeSet<>(PLATFORM_FLOWS);
        expected.addAll(ADDON_FLOWS);
        assertThat(podToPodFlows(Overlays.typed("overlays/trial"))).isEqualTo(expected);
    }

    /** Flows that cross the namespace boundary: ingress controller, Prometheus, DNS, upstreams, stores. */
    private static void assertEdges(List<HasMetadata> objects, String ns, boolean externalStores) {
        NetworkFlows flows = new NetworkFlows(objects);
        Endpoint live = pod(objects, "live-updates");
        Endpoint aggregator = pod(objects, "fetch-aggregator");
        Endpoint scheduler = pod(objects, "scheduler");
        Endpoint nginx = new Endpoint("ingress-nginx", Map.of(), Map.of("kubernetes.io/metadata.name", "ingress-nginx"), false);
        Endpoint prometheus = new Endpoint("monitoring", Map.of(), Map.of("kubernetes.io/metadata.name", "monitoring"), false);
        Endpoint dns = new Endpoint("kube-system", Map.of("k8s-app", "kube-dns"), Map.of("kubernetes.io/metadata.name", "kube-system"), false);
        Endpoint internet = Endpoint.outside();

        assertThat(flows.allowed(nginx, live, 8080)).as("browsers through the ingress").isTrue();
        assertThat(flows.allowed(nginx, scheduler, 8082)).as("job API is not public").isFalse();
        assertThat(flows.allowed(nginx, aggregator, 8081)).as("aggregator API is not public").isFalse();
        for (var e : Map.of(live, 8080, aggregator, 8081, scheduler, 8082).entrySet()) {
            assertThat(flows.allowed(prometheus, e.getKey(), e.getValue())).as("scrape").isTrue();
            assertThat(flows.allowed(e.getKey(), dns, 53)).as("DNS").isTrue();
            assertThat(flows.allowed(internet, e.getKey(), e.getValue())).as("nothing from outside directly").isFalse();
        }
        assertThat(flows.allowed(aggregator, internet, 443)).as("upstreams").isTrue();
        assertThat(flows.allowed(aggregator, internet, 80)).as("upstreams").isTrue();
        assertThat(flows.allowed(live, internet, 443)).isFalse();
        assertThat(flows.allowed(scheduler, internet, 443)).isFalse();
        assertThat(flows.allowed(live, internet, 6379)).as("external Redis").isEqualTo(externalStores);
        assertThat(flows.allowed(scheduler, internet, 5432)).as("external PostgreSQL").isEqualTo(externalStores);
        assertThat(flows.allowed(aggregator, internet, 5432)).isFalse();
        assertThat(flows.allowed(scheduler, internet, 6379)).isFalse();
    }

    private static Set<String> podToPodFlows(List<HasMetadata> objects) {
        NetworkFlows flows = new NetworkFlows(objects);
        List<Workload> workloads = Workload.all(objects);
        Set<String> allowed = new TreeSet<>();
        for (Workload from : workloads) {
            for (Workload to : workloads) {
                for (int port : ports(to)) {
                    if (flows.allowed(Endpoint.pod(from.namespace(), from.podLabels()), Endpoint.pod(to.namespace(), to.podLabels()), port)) {
                        allowed.add(name(from) + " -> " + name(to) + ":" + port);
                    }
                }
            }
        }
        return allowed;
    }

    private static List<Integer> ports(Workload w) {
        List<Integer> ports = new ArrayList<>();
        w.template().getSpec().getContainers().forEach(c -> c.getPorts().forEach(p -> ports.add(p.getContainerPort())));
        return ports;
    }

    private static String name(Workload w) {
        return w.podLabels().get("app.kubernetes.io/name");
    }

    private static Endpoint pod(List<HasMetadata> objects, String name) {
        Workload w = Workload.all(objects).stream().filter(x -> name.equals(name(x))).findFirst().orElseThrow();
        return Endpoint.pod(w.namespace(), w.podLabels());
    }
}
