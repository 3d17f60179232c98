package dev.updraft.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.updraft.deploy.model.StrictModel;
import dev.updraft.deploy.render.Renderers;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each overlay promises in deploy/README.md: replica counts, engines, autoscaling, spreading, images. */
class OverlayShapeTest {

    @Test
    void devRunsOneOfEachOnEmbeddedDefaults() {
        List<HasMetadata> dev = Overlays.typed("overlays/dev");
        for (String name : List.of("live-updates", "fetch-aggregator", "scheduler")) {
            assertThat(deployment(dev, name).getSpec().getReplicas()).as(name).isEqualTo(1);
            assertThat(config(dev, name + "-config")).containsEntry("UPDRAFT_AUTH_ENABLED", "false");
        }
        assertThat(config(dev, "live-updates-config")).containsEntry("UPDRAFT_LIVE_ENGINE", "memory");
        assertThat(dev).noneMatch(o -> o instanceof HorizontalPodAutoscaler);
        assertThat(dev).allMatch(o -> "Namespace".equals(o.getKind()) || "updraft-dev".equals(o.getMetadata().getNamespace()));
    }

    @Test
    void productionScalesOutOnRedisAndPostgres() {
        List<HasMetadata> prod = Overlays.typed("overlays/production");
        assertThat(deployment(prod, "live-updates").getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment(prod, "scheduler").getSpec().getReplicas()).isEqualTo(2);
        // The HPA owns the aggregator's count; a fixed spec.replicas would reset it on every apply.
        assertThat(deployment(prod, "fetch-aggregator").getSpec().getReplicas()).isNull();
        HorizontalPodAutoscaler hpa = one(prod, HorizontalPodAutoscaler.class, "fetch-aggregator");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(2);

        assertThat(config(prod, "live-updates-config")).containsEntry("UPDRAFT_LIVE_ENGINE", "redis")
                .containsEntry("UPDRAFT_AUTH_ENABLED", "true");
        assertThat(config(prod, "redis-connection")).containsKey("QUARKUS_REDIS_HOSTS");
        assertThat(config(prod, "postgres-connection")).containsEntry("UPDRAFT_SCHEDULER_STORE", "postgresql")
                .containsKey("QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL");
        assertThat(envFromNames(deployment(prod, "live-updates"))).anyMatch(n -> n.startsWith("redis-connection-"))
                .anyMatch(n -> n.startsWith("redis-credentials-")).anyMatch(n -> n.startsWith("updraft-auth-"));
        assertThat(envFromNames(deployment(prod, "scheduler"))).anyMatch(n -> n.startsWith("postgres-connection-"))
                .anyMatch(n -> n.startsWith("postgres-credentials-")).anyMatch(n -> n.startsWith("updraft-auth-"));

        for (String name : List.of("live-updates", "fetch-aggregator", "scheduler")) {
            assertThat(one(prod, PodDisruptionBudget.class, name).getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
            var spread = deployment(prod, name).getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
            assertThat(spread).anySatisfy(t -> {
                assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                assertThat(t.getWhenUnsatisfiable()).isEqualTo("DoNotSchedule");
                assertThat(t.getMatchLabelKeys()).contains("app.kubernetes.io/name");
            });
        }
    }

    @Test
    void liveUpdatesIngressKeepsWebSocketsOpenWithoutAffinity() {
        Ingress ingress = one(Overlays.typed("overlays/production"), Ingress.class, "live-updates");
        Map<String, String> a = ingress.getMetadata().getAnnotations();
        assertThat(Integer.parseInt(a.get("nginx.ingress.kubernetes.io/proxy-read-timeout"))).isGreaterThanOrEqualTo(3600);
        assertThat(Integer.parseInt(a.get("nginx.ingress.kubernetes.io/proxy-send-timeout"))).isGreaterThanOrEqualTo(3600);
        assertThat(a).containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off");
        assertThat(a.keySet()).noneMatch(k -> k.contains("affinity") || k.contains("session-cookie"));
        assertThat(one(Overlays.typed("overlays/production"), Service.class, "live-updates").getSpec().getSessionAffinity())
                .isEqualTo("None");
    }

    @Test
    void imageNamesAreSetWithKustomizeImages() throws IOException {
        Path overlay = Overlays.deployDir().resolve("target/images-overlay");
        Files.createDirectories(overlay);
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../../overlays/production
                images:
                  - name: updraft/live-updates-service
                    newName: registry.internal:5000/platform/live-updates-service
                    newTag: 1.4.2
                  - name: updraft/scheduler-service
                    digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                """);
        List<HasMetadata> objects = StrictModel.parse(Renderers.render(overlay));
        assertThat(image(objects, "live-updates")).isEqualTo("registry.internal:5000/platform/live-updates-service:1.4.2");
        assertThat(image(objects, "scheduler"))
                .isEqualTo("updraft/scheduler-service@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        assertThat(image(objects, "fetch-aggregator")).isEqualTo("updraft/fetch-aggregator-service:0.1.0-SNAPSHOT");
    }

    private static String image(List<HasMetadata> objects, String deployment) {
        return deployment(objects, deployment).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private static List<String> envFromNames(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom().stream()
                .map(e -> e.getConfigMapRef() != null ? e.getConfigMapRef().getName() : e.getSecretRef().getName())
                .toList();
    }

    private static Deployment deployment(List<HasMetadata> objects, String name) {
        return one(objects, Deployment.class, name);
    }

    /** A generated ConfigMap's data, found by its name before the hash suffix. */
    private static Map<String, String> config(List<HasMetadata> objects, String generatedName) {
        List<ConfigMap> matches = objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(c -> c.getMetadata().getName().matches(java.util.regex.Pattern.quote(generatedName) + "-[a-z0-9]{10}"))
                .toList();
        assertThat(matches).as("ConfigMap %s", generatedName).hasSize(1);
        return matches.get(0).getData();
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
        List<T> matches = objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).toList();
        assertThat(matches).as("%s %s", type.getSimpleName(), name).hasSize(1);
        return matches.get(0);
    }
}
