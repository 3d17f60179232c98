package dev.updraft.deploy.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Quarkus configuration a service can actually read: every property of the config model
 * ({@code META-INF/quarkus-config-doc/quarkus-config-model.json}) that the Quarkus extensions on the
 * service's runtime classpath publish, with its phase. The extensions are the io.quarkus dependencies of
 * the service's pom and, transitively, of the poms inside those jars, read from the local Maven
 * repository that the service's own build filled.
 */
public final class QuarkusConfigModel {

    /** One property as the model states it; map keys ("client") are wildcards. */
    public record Property(String name, String phase) {

        public boolean runtime() {
            return "RUN_TIME".equals(phase);
        }
    }

    private final Set<String> extensions;
    private final List<Property> properties;
    private final List<String> problems;

    private QuarkusConfigModel(Set<String> extensions, List<Property> properties, List<String> problems) {
        this.extensions = extensions;
        this.properties = properties;
        this.problems = problems;
    }

    /** The extensions (artifactIds) of the module's runtime classpath. */
    public Set<String> extensions() {
        return extensions;
    }

    public List<Property> properties() {
        return properties;
    }

    /** Jars that could not be read, so the model is incomplete; empty when complete. */
    public List<String> problems() {
        return problems;
    }

    private static final Map<Path, QuarkusConfigModel> CACHE = new HashMap<>();

    public static synchronized QuarkusConfigModel of(Path module, Path repoRoot) {
        return CACHE.computeIfAbsent(module, m -> load(m, repoRoot));
    }

    private static QuarkusConfigModel load(Path module, Path repoRoot) {
        String version = quarkusVersion(repoRoot);
        Path repository = localRepository();
        Set<String> closure = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        List<Property> properties = new ArrayList<>();
        Path bom = repository.resolve("io/quarkus/quarkus-bom").resolve(version).resolve("quarkus-bom-" + version + ".pom");
        if (!Files.isRegularFile(bom)) {
            return new QuarkusConfigModel(closure, properties, List.of(bom + " is missing (build the services first, e.g. ./mvnw verify)"));
        }
        // Extensions carry the platform version; the libraries among io.quarkus artifacts have their own.
        Map<String, String> managed = managedVersions(read(bom));
        Deque<String> queue = new ArrayDeque<>(quarkusDependencies(read(module.resolve("pom.xml")), true));
        while (!queue.isEmpty()) {
            String artifact = queue.pop();
            if (!closure.add(artifact)) {
                continue;
            }
            String v = managed.getOrDefault(artifact, version);
            Path jar = repository.resolve("io/quarkus").resolve(artifact).resolve(v).resolve(artifact + "-" + v + ".jar");
            if (!Files.isRegularFile(jar)) {
                problems.add("io.quarkus:" + artifact + ":" + v + " is not in " + repository
                        + " (build " + module.getFileName() + " first, e.g. ./mvnw verify)");
                continue;
            }
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                var pom = zip.getEntry("META-INF/maven/io.quarkus/" + artifact + "/pom.xml");
                if (pom != null) {
                    try (InputStream in = zip.getInputStream(pom)) {
                        queue.addAll(quarkusDependencies(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), false));
                    }
                }
                var model = zip.getEntry("META-INF/quarkus-config-doc/quarkus-config-model.json");
                if (model != null) {
                    try (InputStream in = zip.getInputStream(model)) {
                        collect(JsonMapper.builder().build().readTree(in), properties);
                    }
                }
            } catch (IOException e) {
                problems.add("cannot read " + jar + ": " + e.getMessage());
            }
        }
        return new QuarkusConfigModel(closure, properties, problems);
    }

    /** Every ConfigProperty of the model: its path, its additional paths, and its phase. */
    private static void collect(JsonNode node, List<Property> out) {
        if (node.isObject()) {
            if (node.has("phase") && node.path("path").isObject()) {
                String phase = node.get("phase").asString();
                out.add(new Property(pattern(node.path("path").path("property").asString()), phase));
                for (JsonNode extra : node.path("additionalPaths")) {
                    out.add(new Property(pattern(extra.path("property").asString()), phase));
                }
            }
            node.values().forEach(child -> collect(child, out));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, out));
        }
    }

    /** quarkus.rest-client."client".url becomes quarkus.rest-client.*.url. */
    private static String pattern(String property) {
        return property.replaceAll("\"[^\"]*\"", "*");
    }

    /** artifactIds of io.quarkus dependencies, leaving out test, provided and optional ones. */
    static List<String> quarkusDependencies(String pomXml, boolean projectPom) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var doc = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(pomXml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            List<String> out = new ArrayList<>();
            Element project = doc.getDocumentElement();
            for (Element dependencies : children(project, "dependencies")) {
                for (Element dependency : children(dependencies, "dependency")) {
                    String group = text(dependency, "groupId").orElse("");
                    String scope = text(dependency, "scope").orElse("compile");
                    boolean optional = "true".equals(text(dependency, "optional").orElse("false"));
                    if (("io.quarkus".equals(group) || "${project.groupId}".equals(group) && !projectPom)
                            && (scope.equals("compile") || scope.equals("runtime")) && !optional) {
                        text(dependency, "artifactId").ifPresent(out::add);
                    }
                }
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse a pom: " + e.getMessage(), e);
        }
    }

    /** io.quarkus artifactId to version, from the BOM's dependencyManagement. */
    private static Map<String, String> managedVersions(String bomXml) {
        Map<String, String> versions = new HashMap<>();
        Matcher m = Pattern.compile("<groupId>io\\.quarkus</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(bomXml);
        while (m.find()) {
            versions.putIfAbsent(m.group(1), m.group(2));
        }
        return versions;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Optional<String> text(Element parent, String name) {
        return children(parent, name).stream().findFirst().map(e -> e.getTextContent().strip());
    }

    /** From the build (system property) or else the root pom, so an IDE run agrees with Maven. */
    private static String quarkusVersion(Path repoRoot) {
        String fromBuild = System.getProperty("updraft.quarkus.version");
        if (fromBuild != null && !fromBuild.isBlank()) {
            return fromBuild;
        }
        Matcher m = Pattern.compile("<quarkus.platform.version>([^<]+)</quarkus.platform.version>").matcher(read(repoRoot.resolve("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no quarkus.platform.version in " + repoRoot.resolve("pom.xml"));
        }
        return m.group(1);
    }

    private static Path localRepository() {
        String fromBuild = System.getProperty("updraft.maven.repo");
        if (fromBuild != null && !fromBuild.isBlank()) {
            return Path.of(fromBuild);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
