package dev.updraft.deploy.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 6902 operations on YAML-shaped maps and lists, as kustomize's JSON 6902 patches apply them. */
final class JsonPatch {

    private JsonPatch() {
    }

    static void apply(Map<String, Object> root, Map<String, Object> op, String where) {
        String kind = (String) op.get("op");
        String path = (String) op.get("path");
        switch (kind) {
            case "add" -> add(root, path, deepCopy(op.get("value")), where);
            case "replace" -> {
                remove(root, path, where);
                add(root, path, deepCopy(op.get("value")), where);
            }
            case "remove" -> remove(root, path, where);
            case "copy" -> add(root, path, deepCopy(get(root, (String) op.get("from"), where)), where);
            case "move" -> {
                Object value = get(root, (String) op.get("from"), where);
                remove(root, (String) op.get("from"), where);
                add(root, path, value, where);
            }
            case "test" -> {
                if (!get(root, path, where).equals(op.get("value"))) {
                    throw new RenderException(where + ": test failed at " + path);
                }
            }
            default -> throw new RenderException(where + ": unknown patch op " + kind);
        }
    }

    private static List<String> tokens(String path) {
        if (path.isEmpty()) {
            return List.of();
        }
        if (!path.startsWith("/")) {
            throw new RenderException("JSON pointer must start with /: " + path);
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : path.substring(1).split("/", -1)) {
            tokens.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static Object get(Object root, String path, String where) {
        Object current = root;
        for (String token : tokens(path)) {
            current = child(current, token, path, where);
        }
        return current;
    }

    private static Object child(Object container, String token, String path, String where) {
        if (container instanceof Map<?, ?> map && map.containsKey(token)) {
            return map.get(token);
        }
        if (container instanceof List<?> list && token.matches("\\d+") && Integer.parseInt(token) < list.size()) {
            return list.get(Integer.parseInt(token));
        }
        throw new RenderException(where + ": path " + path + " does not exist");
    }

    @SuppressWarnings("unchecked")
    private static void add(Map<String, Object> root, String path, Object value, String where) {
        List<String> tokens = tokens(path);
        Object parent = root;
        for (String token : tokens.subList(0, tokens.size() - 1)) {
            parent = child(parent, token, path, where);
        }
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).put(last, value);
        } else if (parent instanceof List<?> list) {
            List<Object> l = (List<Object>) list;
            if ("-".equals(last)) {
                l.add(value);
            } else {
                l.add(Integer.parseInt(last), value);
            }
        } else {
            throw new RenderException(where + ": cannot add under " + path);
        }
    }

    private static void remove(Map<String, Object> root, String path, String where) {
        List<String> tokens = tokens(path);
        Object parent = root;
        for (String token : tokens.subList(0, tokens.size() - 1)) {
            parent = child(parent, token, path, where);
        }
        String last = tokens.get(tokens.size() - 1);
        child(parent, last, path, where); // fails when absent, as RFC 6902 requires
        if (parent instanceof Map<?, ?> map) {
            map.remove(last);
        } else {
            ((List<?>) parent).remove(Integer.parseInt(last));
        }
    }

    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(deepCopy(v)));
            return copy;
        }
        return value;
    }
}
