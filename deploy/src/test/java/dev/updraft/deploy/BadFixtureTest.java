package dev.updraft.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.updraft.deploy.model.InvalidManifestException;
import dev.updraft.deploy.model.StrictModel;
import dev.updraft.deploy.policy.Check;
import dev.updraft.deploy.policy.Policies;
import dev.updraft.deploy.render.JavaKustomize;
import dev.updraft.deploy.render.KubectlRenderer;
import dev.updraft.deploy.render.Maps;
import dev.updraft.deploy.render.RenderException;
import dev.updraft.deploy.render.Renderers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves the validation can fail: each fixture under src/test/resources/fixtures/bad is the base with
 * exactly one defect, and exactly the check named by its directory reports it (with the text in its
 * expect.txt) while every other check stays silent.
 */
class BadFixtureTest {

    static final Path BAD = Overlays.deployDir().resolve("src/test/resources/fixtures/bad");
    static final Path RENDER = Overlays.deployDir().resolve("src/test/resources/fixtures/render");

    static Stream<Check> checks() {
        return Policies.all().stream();
    }

    @Test
    void everyCheckHasABadFixture() throws IOException {
        Set<String> expected = new TreeSet<>(Policies.all().stream().map(Check::id).toList());
        expected.add("strict-model");
        try (Stream<Path> dirs = Files.list(BAD)) {
            Set<String> present = dirs.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            assertThat(present).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void onlyTheTargetedCheckFails(Check target) throws IOException {
        Path fixture = BAD.resolve(target.id());
        List<String> expected = Files.readAllLines(fixture.resolve("expect.txt")).stream().filter(l -> !l.isBlank()).toList();
        List<HasMetadata> objects = StrictModel.parse(Renderers.render(fixture));

        List<String> violations = target.violations(objects);
        for (String line : expected) {
            assertThat(violations).anySatisfy(v -> assertThat(v).contains(line));
        }
        for (Check other : Policies.all()) {
            if (other != target) {
                assertThat(other.violations(objects)).as("%s on the %s fixture", other.id(), target.id()).isEmpty();
            }
        }
    }

    @Test
    void strictModelRejectsAnUnknownField() throws IOException {
        Path fixture = BAD.resolve("strict-model");
        String expected = Files.readString(fixture.resolve("expect.txt")).strip();
        var rendered = Renderers.render(fixture);

        assertThatThrownBy(() -> StrictModel.parse(rendered))
                .isInstanceOfSatisfying(InvalidManifestException.class,
                        e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains(expected)));
    }

    @Test
    void strictModelRejectsAnUnknownApiVersionAndAWrongType() {
        List<Map<String, Object>> rendered = Overlays.raw("overlays/dev").stream().map(o -> {
            Map<String, Object> copy = new LinkedHashMap<>(o);
            if ("Service".equals(o.get("kind"))) {
                copy.put("apiVersion", "v2"); // no such group/version for a Service
            }
            if ("Deployment".equals(o.get("kind"))) {
                Map<String, Object> spec = new LinkedHashMap<>(Maps.cast(o.get("spec")));
                spec.put("replicas", "three");
                copy.put("spec", spec);
            }
            return copy;
        }).toList();

        assertThatThrownBy(() -> StrictModel.parse(rendered))
                .isInstanceOfSatisfying(InvalidManifestException.class, e -> {
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("v2 Service live-updates: not a type"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("apps/v1 Deployment scheduler: does not match"));
                });
    }

    @Test
    void aMissingResourceFailsRenderingWithEitherRenderer() {
        Path fixture = RENDER.resolve("missing-resource");
        assertThatThrownBy(() -> new JavaKustomize().render(fixture))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("ingress-that-was-renamed.yaml");
        KubectlRenderer.find().ifPresent(kubectl -> assertThatThrownBy(() -> kubectl.render(fixture))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("ingress-that-was-renamed.yaml"));
    }

    @Test
    void theJavaRendererRefusesWhatItDoesNotImplement() {
        Path fixture = RENDER.resolve("unsupported-feature");
        assertThatThrownBy(() -> new JavaKustomize().render(fixture))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("commonAnnotations")
                .hasMessageContaining("install kubectl");
    }

    /** Each bad fixture renders the same through both renderers, so the Java path is exercised by them too. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void javaRendererMatchesKubectlOnBadFixtures(Check target) {
        var kubectl = KubectlRenderer.find();
        Assumptions.assumeTrue(kubectl.isPresent(), "no kubectl with kustomize v5: nothing to compare with");
        Path fixture = BAD.resolve(target.id());
        assertThat(RenderTest.sorted(new JavaKustomize().render(fixture)))
                .isEqualTo(RenderTest.sorted(kubectl.get().render(fixture)));
    }
}
