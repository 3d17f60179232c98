package dev.updraft.deploy.render;

import java.util.List;
import java.util.Map;

/** Navigation in YAML-shaped maps without a cast at every step. */
public final class Maps {

    private Maps() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    /** The child map, or an empty immutable map when absent. */
    public static Map<String, Object> map(Map<String, Object> parent, String key) {
        return parent.get(key) instanceof Map<?, ?> m ? cast(m) : Map.of();
    }

    public static Map<String, Object> path(Map<String, Object> root, String... keys) {
        Map<String, Object> current = root;
        for (String key : keys) {
            current = map(current, key);
        }
        return current;
    }

    public static List<Object> list(Map<String, Object> parent, String key) {
        return parent.get(key) instanceof List<?> l ? List.copyOf(l) : List.of();
    }
}
