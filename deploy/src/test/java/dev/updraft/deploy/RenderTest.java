package dev.updraft.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.updraft.deploy.render.JavaKustomize;
import dev.updraft.deploy.render.KubectlRenderer;
import dev.updraft.deploy.render.Renderer;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class RenderTest {

    static final List<String> ALL = Overlays.ALL;

    @ParameterizedTest
    @FieldSource("ALL")
    void overlayRendersAndBindsStrictly(String overlay) {
        assertThat(Overlays.typed(overlay)).isNotEmpty();
    }

    /** The fallback renderer is only worth having if it renders exactly what kustomize renders. */
    @ParameterizedTest
    @FieldSource("ALL")
    void javaRendererMatchesKubectl(String overlay) {
        Renderer kubectl = KubectlRenderer.find().orElse(null);
        Assumptions.assumeTrue(kubectl != null, "no kubectl with kustomize v5: nothing to compare the Java renderer with");
        var dir = Overlays.deployDir().resolve(overlay);
        assertThat(sorted(new JavaKustomize().render(dir))).isEqualTo(sorted(kubectl.render(dir)));
    }

    static List<Map<String, Object>> sorted(List<Map<String, Object>> objects) {
        return objects.stream().sorted(Comparator.comparing(RenderTest::key)).toList();
    }

    private static String key(Map<String, Object> o) {
        Map<?, ?> meta = (Map<?, ?>) o.get("metadata");
        return o.get("kind") + "/" + meta.get("namespace") + "/" + meta.get("name");
    }
}
