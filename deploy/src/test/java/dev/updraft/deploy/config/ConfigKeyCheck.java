package dev.updraft.deploy.config;

import dev.updraft.deploy.policy.Check;
import dev.updraft.deploy.policy.UpdraftServices;
import dev.updraft.deploy.policy.Workload;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Every configuration key a service container receives (env vars from ConfigMaps, Secrets and literal
 * env; property-style keys of an {@code application.properties} entry) must be one the service reads:
 * a key of its {@code @ConfigMapping} interfaces, a key or ${reference} of its application.properties, a
 * run-time property of a Quarkus extension on its classpath ({@link QuarkusConfigModel}), or a variable
 * of the container image. SmallRye Config silently ignores an environment variable it has no property
 * for, so a typo such as UPDRAFT_LIVE_ENGNIE would otherwise deploy the in-memory engine unnoticed; and
 * a build-time Quarkus property set in a ConfigMap changes nothing in the built image.
 */
public final class ConfigKeyCheck {

    /**
     * Keys the manifests need that a service cannot read yet, each with the reason; accepted only while
     * the service lacks them (deploy/README.md lists them under "Open ends"). Once the service has them,
     * the entry is inert and should be deleted.
     */
    static final Map<String, Map<String, String>> PENDING = Map.of();

    /** Read by the JVM image's run-java.sh, not by Quarkus. */
    private static final Set<String> IMAGE_ENV = Set.of("JAVA_MAX_MEM_RATIO", "JAVA_INITIAL_MEM_RATIO", "JAVA_OPTS_APPEND");

    private static final Map<Path, Set<String>> MAPPING_KEYS = new ConcurrentHashMap<>();

    private ConfigKeyCheck() {
    }

    /** The check over the services whose modules are under {@code repoRoot}. */
    public static Check against(Path repoRoot) {
        return new Check("config-keys", objects -> violations(objects, repoRoot));
    }

    private static List<String> violations(List<HasMetadata> objects, Path repoRoot) {
        List<String> out = new ArrayList<>();
        for (Workload w : Workload.all(objects)) {
            for (Container c : w.template().getSpec().getContainers()) {
                UpdraftServices.forContainer(c.getName()).ifPresent(service -> {
                    Path sources = repoRoot.resolve(service.module()).resolve("src/main/java");
                    Set<String> mapped = MAPPING_KEYS.computeIfAbsent(sources, ConfigKeyCheck::scan);
                    String where = w.id() + " container " + c.getName() + ": ";
                    if (mapped.isEmpty()) {
                        out.add(where + "no @ConfigMapping found under " + sources + ", so no key can be verified");
                        return;
                    }
                    Set<String> configured = MAPPING_KEYS.computeIfAbsent(
                            repoRoot.resolve(service.module()).resolve("src/main/resources"), ConfigKeyCheck::applicationProperties);
                    QuarkusConfigModel quarkus = QuarkusConfigModel.of(repoRoot.resolve(service.module()), repoRoot);
                    if (!quarkus.problems().isEmpty()) {
                        out.add(where + "cannot read the Quarkus config model: " + quarkus.problems().get(0));
                        return;
                    }
                    Map<String, String> pending = PENDING.getOrDefault(service.container(), Map.of());
                    List<Pattern> known = knownKeys(mapped, configured, quarkus, pending.keySet());
                    List<Pattern> runTime = patterns(quarkus.properties().stream().filter(QuarkusConfigModel.Property::runtime).map(QuarkusConfigModel.Property::name).toList());
                    List<Pattern> buildTime = patterns(quarkus.properties().stream().filter(p -> !p.runtime()).map(QuarkusConfigModel.Property::name).toList());
                    for (var key : keysOf(objects, w, c)) {
                        // A build-time Quarkus key stays wrong even when application.properties sets it too.
                        if (!isKnown(key.name(), runTime) && isKnown(key.name(), buildTime)) {
                            out.add(where + key.name() + " (from " + key.source() + ") is fixed when the image is built;"
                                    + " setting it at run time has no effect");
                        } else if (isKnown(key.name(), known)) {
                            jdbcDriver(key, quarkus, pending).ifPresent(problem -> out.add(where + problem));
                            datasourceName(key, configured).ifPresent(problem -> out.add(where + problem));
                        } else {
                            out.add(where + key.name() + " (from " + key.source() + ") is not a key of "
                                    + service.module() + "'s @ConfigMapping interfaces, its application.properties,"
                                    + " its Quarkus extensions' run-time config or the image");
                        }
                    }
                });
            }
        }
        return out;
    }

    private static Set<String> scan(Path sources) {
        return Files.isDirectory(sources) ? ConfigMappingScanner.keys(sources) : Set.of();
    }

    private record Key(String name, String value, String source) {
    }

    /** A JDBC URL needs the matching driver extension (jdbc:postgresql: needs quarkus-jdbc-postgresql). */
    private static Optional<String> jdbcDriver(Key key, QuarkusConfigModel quarkus, Map<String, String> pending) {
        if (!key.name().startsWith("QUARKUS_DATASOURCE_") && !key.name().startsWith("quarkus.datasource.")
                || !key.name().endsWith("JDBC_URL") && !key.name().endsWith("jdbc.url")) {
            return Optional.empty();
        }
        var kind = Pattern.compile("^jdbc:([a-z0-9]+):").matcher(key.value() == null ? "" : key.value());
        if (!kind.find()) {
            return Optional.of(key.name() + " is not a jdbc: URL");
        }
        String driver = "quarkus-jdbc-" + kind.group(1);
        if (quarkus.extensions().contains(driver) || pending.containsKey(driver)) {
            return Optional.empty();
        }
        return Optional.of(key.name() + " names a " + kind.group(1) + " database, but " + driver + " is not a dependency");
    }

    private static List<Key> keysOf(List<HasMetadata> objects, Workload w, Container c) {
        List<Key> keys = new ArrayList<>();
        for (EnvVar env : orEmpty(c.getEnv())) {
            keys.add(new Key(env.getName(), env.getValue(), "env"));
        }
        for (EnvFromSource from : orEmpty(c.getEnvFrom())) {
            if (from.getConfigMapRef() != null) {
                find(objects, ConfigMap.class, w.namespace(), from.getConfigMapRef().getName())
                        .ifPresent(cm -> dataKeys(orEmpty(cm.getData()), "ConfigMap " + cm.getMetadata().getName(), keys));
            }
            if (from.getSecretRef() != null) {
                find(objects, Secret.class, w.namespace(), from.getSecretRef().getName()).ifPresent(s -> {
                    Map<String, String> data = new java.util.HashMap<>(orEmpty(s.getData()));
                    data.putAll(orEmpty(s.getStringData()));
                    dataKeys(data, "Secret " + s.getMetadata().getName(), keys);
                });
            }
        }
        return keys;
    }

    /** Env-var keys as they are; an application.properties entry contributes its property keys. */
    private static void dataKeys(Map<String, String> data, String source, List<Key> out) {
        data.forEach((key, value) -> {
            if (key.equals("application.properties")) {
                Properties properties = new Properties();
                try {
                    properties.load(new StringReader(value));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                properties.stringPropertyNames().forEach(p -> out.add(new Key(p, properties.getProperty(p), source + " application.properties")));
            } else {
                out.add(new Key(key, value, source));
            }
        });
    }

    /**
     * What the service's own application*.properties names: its keys (without %profile.), which Quarkus
     * knows since the service sets them, and every ${NAME} it reads from the environment or another key.
     */
    private static Set<String> applicationProperties(Path resources) {
        Set<String> names = new java.util.TreeSet<>();
        if (!Files.isDirectory(resources)) {
            return names;
        }
        try (var files = Files.list(resources)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("application(-\\w+)?\\.properties")).toList()) {
                Properties properties = new Properties();
                try (var reader = Files.newBufferedReader(file)) {
                    properties.load(reader);
                }
                for (String key : properties.stringPropertyNames()) {
                    names.add(key.replaceFirst("^%[\\w,-]+\\.", ""));
                    var reference = Pattern.compile("\\$\\{([^:}]+)").matcher(properties.getProperty(key));
                    while (reference.find()) {
                        names.add(reference.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /**
     * A datasource key must name a datasource the service has: its db-kind is fixed at build time, so the
     * service's application.properties lists them all (quarkus.datasource[.NAME].db-kind). A run-time
     * quarkus.datasource.jdbc.url for a service with only named datasources would be read by nothing.
     */
    private static Optional<String> datasourceName(Key key, Set<String> configured) {
        boolean env = key.name().startsWith("QUARKUS_DATASOURCE_");
        if (!env && !key.name().startsWith("quarkus.datasource.")) {
            return Optional.empty();
        }
        List<String> named = new ArrayList<>();
        boolean defaultDatasource = false;
        for (String property : configured) {
            var m = Pattern.compile("^quarkus\\.datasource\\.(?:\"?([^.\"]+)\"?\\.)?db-kind$").matcher(property);
            if (m.matches()) {
                if (m.group(1) == null) {
                    defaultDatasource = true;
                } else {
                    named.add(m.group(1));
                }
            }
        }
        for (String name : named) {
            String prefix = env ? "QUARKUS_DATASOURCE_" + name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_"
                    : "quarkus.datasource." + name + ".";
            if (key.name().startsWith(prefix) || key.name().startsWith("quarkus.datasource.\"" + name + "\".")) {
                return Optional.empty();
            }
        }
        if (defaultDatasource) {
            return Optional.empty();
        }
        return Optional.of(key.name() + " configures a datasource the service does not have (its datasources: "
                + (named.isEmpty() ? "none" : String.join(", ", named)) + ")");
    }

    private static List<Pattern> knownKeys(Set<String> mapped, Set<String> configured, QuarkusConfigModel quarkus, Set<String> pending) {
        List<String> properties = new ArrayList<>(mapped);
        properties.addAll(configured);
        quarkus.properties().stream().filter(QuarkusConfigModel.Property::runtime).map(QuarkusConfigModel.Property::name).forEach(properties::add);
        properties.addAll(pending.stream().filter(p -> p.contains(".")).toList());
        List<Pattern> patterns = patterns(properties);
        IMAGE_ENV.forEach(name -> patterns.add(Pattern.compile(Pattern.quote(name))));
        return patterns;
    }

    private static List<Pattern> patterns(List<String> properties) {
        List<Pattern> patterns = new ArrayList<>();
        for (String property : properties) {
            patterns.add(Pattern.compile(propertyRegex(property)));
            patterns.add(Pattern.compile(envRegex(property)));
        }
        return patterns;
    }

    private static boolean isKnown(String key, List<Pattern> known) {
        return known.stream().anyMatch(p -> p.matcher(key).matches());
    }

    /** {@code a.*.b} matches one map-key segment, {@code x[*]} an index. */
    static String propertyRegex(String pattern) {
        return Pattern.quote(pattern).replace("[*]", "\\E\\[\\d+\\]\\Q").replace("*", "\\E[^.]+\\Q");
    }

    /**
     * SmallRye's environment form: every character that is not a letter or digit becomes {@code _}, letters
     * upper case; a map key may span several segments, an index {@code [0]} becomes {@code _0_}.
     */
    static String envRegex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (pattern.startsWith("[*]", i)) {
                regex.append("_\\d+_");
                i += 2;
            } else if (ch == '*') {
                regex.append("[A-Z0-9_]+");
            } else if (Character.isLetterOrDigit(ch)) {
                regex.append(Character.toUpperCase(ch));
            } else {
                regex.append('_');
            }
        }
        return regex.toString();
    }

    private static <T extends HasMetadata> Optional<T> find(List<HasMetadata> objects, Class<T> type, String ns, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> Objects.equals(o.getMetadata().getNamespace(), ns) && o.getMetadata().getName().equals(name))
                .findFirst();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
