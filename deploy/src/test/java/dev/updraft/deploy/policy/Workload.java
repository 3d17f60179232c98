package dev.updraft.deploy.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A controller that runs pods (Deployment or StatefulSet), seen through its pod template. */
public record Workload(HasMetadata owner, PodTemplateSpec template, List<String> claimTemplates) {

    public static Optional<Workload> of(HasMetadata object) {
        if (object instanceof Deployment d) {
            return Optional.of(new Workload(d, d.getSpec().getTemplate(), List.of()));
        }
        if (object instanceof StatefulSet s) {
            List<String> claims = s.getSpec().getVolumeClaimTemplates().stream()
                    .map(pvc -> pvc.getMetadata().getName())
                    .toList();
            return Optional.of(new Workload(s, s.getSpec().getTemplate(), claims));
        }
        return Optional.empty();
    }

    public static List<Workload> all(List<HasMetadata> objects) {
        return objects.stream().flatMap(o -> of(o).stream()).toList();
    }

    public String id() {
        return owner.getKind() + " " + owner.getMetadata().getName();
    }

    public String namespace() {
        return owner.getMetadata().getNamespace();
    }

    public Map<String, String> podLabels() {
        Map<String, String> labels = template.getMetadata() == null ? null : template.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    public Map<String, String> podAnnotations() {
        Map<String, String> annotations = template.getMetadata() == null ? null : template.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    /** True when every selector label is on the pods; an empty selector selects nothing here on purpose. */
    public boolean selectedBy(Map<String, String> selector) {
        return selector != null && !selector.isEmpty()
                && selector.entrySet().stream().allMatch(e -> Objects.equals(podLabels().get(e.getKey()), e.getValue()));
    }
}
