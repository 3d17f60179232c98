package dev.updraft.deploy.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds rendered objects to the Kubernetes API types of the fabric8 model and rejects anything the API
 * server would not accept as written: an apiVersion/kind this platform does not use (a typo such as
 * apps/v2), a value of the wrong type, and any field the type does not have. fabric8 keeps unknown
 * fields in {@code additionalProperties} instead of failing, so the whole object graph is walked for them.
 */
public final class StrictModel {

    /** The kinds the manifests may contain, by "apiVersion kind". */
    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.ofEntries(
            Map.entry("v1 Namespace", Namespace.class),
            Map.entry("v1 ServiceAccount", ServiceAccount.class),
            Map.entry("v1 ConfigMap", ConfigMap.class),
            Map.entry("v1 Secret", Secret.class),
            Map.entry("v1 Service", Service.class),
            Map.entry("apps/v1 Deployment", Deployment.class),
            Map.entry("apps/v1 StatefulSet", StatefulSet.class),
            Map.entry("autoscaling/v2 HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1 PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1 NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1 Ingress", Ingress.class));

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private StrictModel() {
    }

    /** The typed objects; throws {@link InvalidManifestException} listing every problem found. */
    public static List<HasMetadata> parse(List<Map<String, Object>> objects) {
        List<HasMetadata> typed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> object : objects) {
            String id = object.get("apiVersion") + " " + object.get("kind");
            Class<? extends HasMetadata> type = TYPES.get(id);
            String where = id + " " + nameOf(object);
            if (type == null) {
                problems.add(where + ": not a type these manifests use (known: " + TYPES.keySet().stream().sorted().toList() + ")");
                continue;
            }
            try {
                HasMetadata bound = MAPPER.convertValue(object, type);
                List<String> unknown = new ArrayList<>();
                unknownFields(bound, "", unknown);
                unknown.forEach(path -> problems.add(where + ": unknown field " + path));
                typed.add(bound);
            } catch (JacksonException | IllegalArgumentException e) {
                problems.add(where + ": does not match the API type: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidManifestException(problems);
        }
        return typed;
    }

    private static String nameOf(Map<String, Object> object) {
        return object.get("metadata") instanceof Map<?, ?> m ? String.valueOf(m.get("name")) : "<no metadata>";
    }

    /** Collects the JSON paths of every entry that landed in a model object's additionalProperties. */
    private static void unknownFields(Object node, String path, List<String> out) {
        if (node == null) {
            return;
        }
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", out);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, out));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = invoke(getter, node);
            if ("getAdditionalProperties".equals(getter.getName())) {
                if (value instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(k -> out.add(path + "." + k));
                }
            } else {
                unknownFields(value, path + "." + decapitalize(getter.getName().substring(3)), out);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter, e);
        }
    }

    private static String decapitalize(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
