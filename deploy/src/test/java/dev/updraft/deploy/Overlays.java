package dev.updraft.deploy;

import dev.updraft.deploy.model.StrictModel;
import dev.updraft.deploy.render.Renderers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The kustomization roots a user applies, rendered once per test run. */
public final class Overlays {

    /** Everything `kubectl apply -k` is documented for in deploy/README.md. */
    public static final List<String> ALL = List.of("overlays/dev", "overlays/production", "overlays/trial");

    private static final Map<String, List<Map<String, Object>>> RAW = new ConcurrentHashMap<>();

    private Overlays() {
    }

    /** deploy/, whether the tests run from it (Maven) or from the repository root (an IDE). */
    public static Path deployDir() {
        Path here = Path.of("").toAbsolutePath();
        return here.resolve("base").toFile().isDirectory() ? here : here.resolve("deploy");
    }

    public static List<Map<String, Object>> raw(String overlay) {
        return RAW.computeIfAbsent(overlay, o -> Renderers.render(deployDir().resolve(o)));
    }

    public static List<HasMetadata> typed(String overlay) {
        return StrictModel.parse(raw(overlay));
    }
}
