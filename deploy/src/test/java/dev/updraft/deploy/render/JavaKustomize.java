package dev.updraft.deploy.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A kustomize-free renderer for machines without kubectl. It implements exactly the kustomization
 * features this repository uses (resources, components, namespace, replicas, images, ConfigMap/Secret
 * generators with literals and env files, inline JSON 6902 patches) with kustomize v5 semantics,
 * including the generators' hash suffixes and the rewriting of references to them. Anything else fails
 * with a message naming the feature, so a kustomization it cannot render is never half-rendered.
 * {@code JavaKustomizeTest} holds it to kubectl's output wherever kubectl exists.
 */
public final class JavaKustomize implements Renderer {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "components", "namespace",
            "replicas", "images", "configMapGenerator", "secretGenerator", "patches");

    private static final Set<String> GENERATOR_KEYS = Set.of("name", "behavior", "literals", "envs", "type");

    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService");

    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job");

    /** One object being built; generated ConfigMaps/Secrets get their hash suffix only at the very end. */
    private static final class Res {
        final Map<String, Object> obj;
        final boolean generated;

        Res(Map<String, Object> obj, boolean generated) {
            this.obj = obj;
            this.generated = generated;
        }

        String kind() {
            return (String) obj.get("kind");
        }

        String name() {
            return (String) Maps.map(obj, "metadata").get("name");
        }

        String namespace() {
            return (String) Maps.map(obj, "metadata").get("namespace");
        }
    }

    @Override
    public String name() {
        return "Java kustomize subset";
    }

    @Override
    public List<Map<String, Object>> render(Path dir) {
        List<Res> resources = build(dir.toAbsolutePath().normalize(), new ArrayList<>(), false);
        suffixGeneratedNames(resources);
        return resources.stream().map(r -> r.obj).toList();
    }

    private List<Res> build(Path dir, List<Res> acc, boolean component) {
        Path file = kustomizationFile(dir);
        Map<String, Object> k = Yaml.single(read(file), file.toString());
        for (String key : k.keySet()) {
            if (!SUPPORTED.contains(key)) {
                throw unsupported(file, "`" + key + "`");
            }
        }
        String expectedKind = component ? "Component" : "Kustomization";
        if (!expectedKind.equals(k.getOrDefault("kind", "Kustomization"))) {
            throw new RenderException(file + ": expected kind " + expectedKind + " but found " + k.get("kind"));
        }
        for (Object entry : Maps.list(k, "resources")) {
            Path path = dir.resolve((String) entry).normalize();
            if (Files.isDirectory(path)) {
                acc.addAll(build(path, new ArrayList<>(), false));
            } else if (Files.isRegularFile(path)) {
                Yaml.documents(read(path), path.toString()).forEach(doc -> acc.add(new Res(doc, false)));
            } else {
                throw new RenderException(file + ": resource " + entry + " does not exist (" + path + ")");
            }
        }
        for (Object entry : Maps.list(k, "components")) {
            build(dir.resolve((String) entry).normalize(), acc, true);
        }
        for (Object gen : Maps.list(k, "configMapGenerator")) {
            generate(file, dir, Maps.cast(gen), "ConfigMap", acc);
        }
        for (Object gen : Maps.list(k, "secretGenerator")) {
            generate(file, dir, Maps.cast(gen), "Secret", acc);
        }
        // kustomize's builtin order: patches, namespace, replicas, images.
        for (Object patch : Maps.list(k, "patches")) {
            applyPatch(file, dir, Maps.cast(patch), acc);
        }
        if (k.get("namespace") instanceof String ns) {
            for (Res r : acc) {
                if (!CLUSTER_SCOPED.contains(r.kind())) {
                    Maps.map(r.obj, "metadata").put("namespace", ns);
                }
            }
        }
        for (Object replicas : Maps.list(k, "replicas")) {
            Map<String, Object> entry = Maps.cast(replicas);
            for (Res r : acc) {
                if (WORKLOADS.contains(r.kind()) && entry.get("name").equals(r.name())) {
                    Maps.map(r.obj, "spec").put("replicas", entry.get("count"));
                }
            }
        }
        for (Object image : Maps.list(k, "images")) {
            Map<String, Object> entry = Maps.cast(image);
            acc.forEach(r -> podSpecs(r.obj).forEach(spec -> setImages(spec, entry)));
        }
        return acc;
    }

    private static Path kustomizationFile(Path dir) {
        for (String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw new RenderException(dir + " holds no kustomization.yaml");
    }

    private static RenderException unsupported(Path file, String feature) {
        return new RenderException(file + " uses " + feature + ", which the Java renderer does not implement;"
                + " install kubectl (kustomize v5) to render it");
    }

    // ---- generators ------------------------------------------------------------------------------------

    private void generate(Path file, Path dir, Map<String, Object> gen, String kind, List<Res> acc) {
        for (String key : gen.keySet()) {
            if (!GENERATOR_KEYS.contains(key)) {
                throw unsupported(file, kind + " generator option `" + key + "`");
            }
        }
        String name = (String) gen.get("name");
        Map<String, String> data = new TreeMap<>();
        for (Object literal : Maps.list(gen, "literals")) {
            putKeyValue(data, (String) literal, file);
        }
        for (Object env : Maps.list(gen, "envs")) {
            Path envFile = dir.resolve((String) env).normalize();
            for (String line : read(envFile).split("\n")) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    putKeyValue(data, line.stripLeading(), envFile);
                }
            }
        }
        if ("Secret".equals(kind)) {
            data.replaceAll((key, value) -> Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        }
        String behavior = (String) gen.getOrDefault("behavior", "create");
        Res existing = acc.stream()
                .filter(r -> r.generated && kind.equals(r.kind()) && name.equals(r.name()))
                .findFirst()
                .orElse(null);
        switch (behavior) {
            case "create" -> {
                if (existing != null) {
                    throw new RenderException(file + ": " + kind + " " + name + " already exists; use behavior merge or replace");
                }
                Map<String, Object> obj = new LinkedHashMap<>();
                obj.put("apiVersion", "v1");
                obj.put("kind", kind);
                obj.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
                obj.put("data", new LinkedHashMap<String, Object>(data));
                if ("Secret".equals(kind)) {
                    obj.put("type", gen.getOrDefault("type", "Opaque"));
                }
                acc.add(new Res(obj, true));
            }
            case "merge", "replace" -> {
                if (existing == null) {
                    throw new RenderException(file + ": " + behavior + " of " + kind + " " + name + ", which no base generates");
                }
                Map<String, Object> target = Maps.map(existing.obj, "data");
                if ("replace".equals(behavior)) {
                    target.clear();
                }
                target.putAll(data);
            }
            default -> throw new RenderException(file + ": unknown generator behavior " + behavior);
        }
    }

    private static void putKeyValue(Map<String, String> data, String kv, Path source) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
            // kustomize would read a bare KEY from the renderer's own environment: not reproducible.
            throw new RenderException(source + ": `" + kv + "` is not KEY=VALUE");
        }
        String value = kv.substring(eq + 1);
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            value = value.substring(1, value.length() - 1);
        }
        data.put(kv.substring(0, eq), value);
    }

    // ---- patches ---------------------------------------------------------------------------------------

    private void applyPatch(Path file, Path dir, Map<String, Object> patch, List<Res> acc) {
        for (String key : patch.keySet()) {
            if (!Set.of("patch", "path", "target").contains(key)) {
                throw unsupported(file, "patch option `" + key + "`");
            }
        }
        String text = patch.get("patch") instanceof String inline ? inline : read(dir.resolve((String) patch.get("path")));
        Object ops = Yaml.any(text);
        if (!(ops instanceof List<?> list)) {
            throw unsupported(file, "a strategic-merge patch");
        }
        Map<String, Object> target = patch.get("target") == null ? null : Maps.cast(patch.get("target"));
        if (target == null) {
            throw new RenderException(file + ": a JSON 6902 patch needs a target");
        }
        for (String key : target.keySet()) {
            if (!Set.of("group", "version", "kind", "name", "namespace").contains(key)) {
                throw unsupported(file, "patch target selector `" + key + "`");
            }
        }
        for (Res r : acc) {
            if (matches(target, r)) {
                for (Object op : list) {
                    JsonPatch.apply(r.obj, Maps.cast(op), file + " (patch of " + r.kind() + " " + r.name() + ")");
                }
            }
        }
    }

    private static boolean matches(Map<String, Object> target, Res r) {
        String apiVersion = (String) r.obj.get("apiVersion");
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return matchesRegex(target.get("group"), group)
                && matchesRegex(target.get("version"), version)
                && matchesRegex(target.get("kind"), r.kind())
                && matchesRegex(target.get("name"), r.name())
                && matchesRegex(target.get("namespace"), r.namespace() == null ? "" : r.namespace());
    }

    /** kustomize selectors are anchored regular expressions; an absent field matches anything. */
    private static boolean matchesRegex(Object selector, String value) {
        return selector == null || Pattern.matches((String) selector, value);
    }

    // ---- images ----------------------------------------------------------------------------------------

    private static void setImages(Map<String, Object> podSpec, Map<String, Object> entry) {
        for (String field : List.of("initContainers", "containers")) {
            for (Object c : Maps.list(podSpec, field)) {
                Map<String, Object> container = Maps.cast(c);
                String image = (String) container.get("image");
                if (image == null) {
                    continue;
                }
                String[] parts = splitImage(image);
                if (!parts[0].equals(entry.get("name"))) {
                    continue;
                }
                String newName = entry.get("newName") instanceof String n ? n : parts[0];
                String suffix = parts[1];
                if (entry.get("digest") instanceof String digest) {
                    suffix = "@" + digest;
                } else if (entry.get("newTag") != null) {
                    suffix = ":" + entry.get("newTag");
                }
                container.put("image", newName + suffix);
            }
        }
    }

    /** [name, ":tag" or "@digest" or ""]; a registry port (host:5000/x) is not a tag. */
    private static String[] splitImage(String image) {
        int at = image.indexOf('@');
        if (at >= 0) {
            return new String[] {image.substring(0, at), image.substring(at)};
        }
        int colon = image.lastIndexOf(':');
        if (colon > image.lastIndexOf('/')) {
            return new String[] {image.substring(0, colon), image.substring(colon)};
        }
        return new String[] {image, ""};
    }

    // ---- hash suffixes and references ------------------------------------------------------------------

    private static void suffixGeneratedNames(List<Res> resources) {
        for (Res generated : resources) {
            if (!generated.generated) {
                continue;
            }
            String oldName = generated.name();
            String newName = oldName + "-" + hash(generated);
            Maps.map(generated.obj, "metadata").put("name", newName);
            for (Res holder : resources) {
                if (java.util.Objects.equals(holder.namespace(), generated.namespace())) {
                    podSpecs(holder.obj).forEach(spec -> renameReferences(spec, generated.kind(), oldName, newName));
                }
            }
        }
    }

    /**
     * kustomize v5 hashes {"data","kind","name"(,"type")} as Go's json.Marshal writes it (keys sorted, no
     * spaces); the name it reads at that point is empty. First 10 hex digits, vowel-like digits replaced.
     */
    static String hash(Res r) {
        Map<String, Object> encoded = new TreeMap<>();
        encoded.put("data", new TreeMap<>(Maps.map(r.obj, "data")));
        encoded.put("kind", r.kind());
        encoded.put("name", "");
        if ("Secret".equals(r.kind())) {
            encoded.put("type", r.obj.get("type"));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(GoJson.write(encoded).getBytes(StandardCharsets.UTF_8));
            String hex = HexFormat.of().formatHex(digest).substring(0, 10);
            return hex.replace('0', 'g').replace('1', 'h').replace('3', 'k').replace('a', 'm').replace('e', 't');
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void renameReferences(Map<String, Object> spec, String kind, String oldName, String newName) {
        String refField = "ConfigMap".equals(kind) ? "configMapRef" : "secretRef";
        String keyRefField = "ConfigMap".equals(kind) ? "configMapKeyRef" : "secretKeyRef";
        for (String field : List.of("initContainers", "containers")) {
            for (Object c : Maps.list(spec, field)) {
                Map<String, Object> container = Maps.cast(c);
                for (Object envFrom : Maps.list(container, "envFrom")) {
                    rename(Maps.cast(envFrom).get(refField), "name", oldName, newName);
                }
                for (Object env : Maps.list(container, "env")) {
                    if (Maps.cast(env).get("valueFrom") instanceof Map<?, ?> valueFrom) {
                        rename(valueFrom.get(keyRefField), "name", oldName, newName);
                    }
                }
            }
        }
        for (Object v : Maps.list(spec, "volumes")) {
            Map<String, Object> volume = Maps.cast(v);
            if ("ConfigMap".equals(kind)) {
                rename(volume.get("configMap"), "name", oldName, newName);
            } else {
                rename(volume.get("secret"), "secretName", oldName, newName);
            }
            if (volume.get("projected") instanceof Map<?, ?> projected) {
                for (Object source : Maps.list(Maps.cast(projected), "sources")) {
                    rename(Maps.cast(source).get("ConfigMap".equals(kind) ? "configMap" : "secret"), "name", oldName, newName);
                }
            }
        }
        if ("Secret".equals(kind)) {
            for (Object pullSecret : Maps.list(spec, "imagePullSecrets")) {
                rename(pullSecret, "name", oldName, newName);
            }
        }
    }

    private static void rename(Object ref, String field, String oldName, String newName) {
        if (ref instanceof Map<?, ?> map && oldName.equals(map.get(field))) {
            Maps.cast(map).put(field, newName);
        }
    }

    /** The pod specs inside an object (workload templates, CronJob job templates, bare Pods). */
    static List<Map<String, Object>> podSpecs(Map<String, Object> obj) {
        Object kind = obj.get("kind");
        Map<String, Object> spec = obj.get("spec") instanceof Map<?, ?> m ? Maps.cast(m) : Map.of();
        if ("Pod".equals(kind)) {
            return List.of(spec);
        }
        if ("CronJob".equals(kind)) {
            spec = Maps.path(spec, "jobTemplate", "spec");
        }
        Map<String, Object> podSpec = Maps.path(spec, "template", "spec");
        return podSpec.isEmpty() ? List.of() : List.of(podSpec);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new RenderException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
