package dev.updraft.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Native images only reflect on what is registered. The records are read and written by Jackson through
 * reflection, so every record, enum, polymorphic interface and Jackson (de)serializer of this jar must be in
 * the jar's own {@code reflect-config.json}, which native-image picks up from the classpath. This keeps that
 * list true in JVM mode, where a missing entry would otherwise only show in a native build.
 */
class NativeReflectionConfigTest {

    private static final String CONFIG = "/META-INF/native-image/dev.updraft/shared-model/reflect-config.json";

    @Test
    void everyTypeJacksonBindsIsRegisteredAndEveryEntryExists() throws Exception {
        Set<String> registered = registered();
        Set<String> needed = new HashSet<>();
        for (Class<?> type : modelClasses()) {
            if (type.isRecord() || type.isEnum() || type.isAnnotationPresent(JsonTypeInfo.class)
                    || JsonSerializer.class.isAssignableFrom(type) || JsonDeserializer.class.isAssignableFrom(type)) {
                needed.add(type.getName());
            }
        }
        assertThat(needed).as("model types Jackson binds").hasSizeGreaterThan(30);
        assertThat(registered).as("registered for reflection in " + CONFIG).containsAll(needed);
        for (String name : registered) {
            assertThat(Class.forName(name)).as(name).isNotNull();
        }
    }

    private static Set<String> registered() throws Exception {
        try (InputStream in = NativeReflectionConfigTest.class.getResourceAsStream(CONFIG)) {
            assertThat(in).as(CONFIG).isNotNull();
            Set<String> names = new HashSet<>();
            new ObjectMapper().readTree(in).forEach(entry -> names.add(entry.get("name").asText()));
            return names;
        }
    }

    private static List<Class<?>> modelClasses() throws Exception {
        Path root = Path.of(ModelJson.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .map(NativeReflectionConfigTest::load)
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
