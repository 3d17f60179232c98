package dev.updraft.deploy.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates NetworkPolicies the way the API defines them, for the peers these manifests name: a
 * connection is allowed when the source's egress and the destination's ingress both allow it; a pod no
 * policy of a type selects is open in that direction. Used to compare the allowed flows with the data
 * flow of the platform, pair by pair.
 */
public final class NetworkFlows {

    /** A traffic endpoint: a pod of the namespace, a pod in another namespace, or an outside address. */
    public record Endpoint(String namespace, Map<String, String> podLabels, Map<String, String> namespaceLabels, boolean external) {

        public static Endpoint pod(String namespace, Map<String, String> labels) {
            return new Endpoint(namespace, labels, Map.of("kubernetes.io/metadata.name", namespace), false);
        }

        public static Endpoint outside() {
            return new Endpoint(null, Map.of(), Map.of(), true);
        }
    }

    private final List<NetworkPolicy> policies;

    public NetworkFlows(List<HasMetadata> objects) {
        this.policies = objects.stream().filter(NetworkPolicy.class::isInstance).map(NetworkPolicy.class::cast).toList();
    }

    public boolean allowed(Endpoint from, Endpoint to, int port) {
        return (from.external() || directionAllows(from, "Egress", to, port))
                && (to.external() || directionAllows(to, "Ingress", from, port));
    }

    private boolean directionAllows(Endpoint subject, String type, Endpoint peer, int port) {
        List<NetworkPolicy> selecting = policies.stream()
                .filter(p -> Objects.equals(p.getMetadata().getNamespace(), subject.namespace()))
                .filter(p -> p.getSpec().getPolicyTypes().contains(type))
                .filter(p -> matches(p.getSpec().getPodSelector(), subject.podLabels()))
                .toList();
        if (selecting.isEmpty()) {
            return true;
        }
        for (NetworkPolicy p : selecting) {
            if ("Ingress".equals(type)) {
                for (var rule : orEmpty(p.getSpec().getIngress())) {
                    if (peersMatch(rule.getFrom(), subject.namespace(), peer) && portsMatch(rule.getPorts(), port)) {
                        return true;
                    }
                }
            } else {
                for (var rule : orEmpty(p.getSpec().getEgress())) {
                    if (peersMatch(rule.getTo(), subject.namespace(), peer) && portsMatch(rule.getPorts(), port)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean peersMatch(List<NetworkPolicyPeer> peers, String policyNamespace, Endpoint peer) {
        if (peers == null || peers.isEmpty()) {
            return true; // no `from`/`to`: every peer
        }
        for (NetworkPolicyPeer p : peers) {
            if (p.getIpBlock() != null) {
                // Only whole-internet blocks are used; they stand for outside addresses, not pods.
                if (peer.external() && List.of("0.0.0.0/0", "::/0").contains(p.getIpBlock().getCidr())) {
                    return true;
                }
                continue;
            }
            if (peer.external()) {
                continue;
            }
            boolean namespaceOk = p.getNamespaceSelector() == null
                    ? Objects.equals(peer.namespace(), policyNamespace)
                    : matches(p.getNamespaceSelector(), peer.namespaceLabels());
            boolean podOk = p.getPodSelector() == null || matches(p.getPodSelector(), peer.podLabels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean portsMatch(List<NetworkPolicyPort> ports, int port) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        // Named ports are not used in these policies; a named one would not match here and fail the flow test.
        return ports.stream().anyMatch(p -> p.getPort() != null && Objects.equals(p.getPort().getIntVal(), port));
    }

    private static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            throw new IllegalArgumentException("matchExpressions are not evaluated here");
        }
        Map<String, String> wanted = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return wanted.entrySet().stream().allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
