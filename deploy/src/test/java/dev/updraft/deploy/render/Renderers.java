package dev.updraft.deploy.render;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Picks the renderer: kubectl when installed (the reference), else the Java subset. System property
 * {@code updraft.deploy.renderer=kubectl|java} forces one; forcing kubectl where it is missing fails.
 */
public final class Renderers {

    private Renderers() {
    }

    public static Renderer chosen() {
        String forced = System.getProperty("updraft.deploy.renderer", "");
        return switch (forced) {
            case "java" -> new JavaKustomize();
            case "kubectl" -> KubectlRenderer.find().orElseThrow(() -> new RenderException(
                    "updraft.deploy.renderer=kubectl but no kubectl with kustomize v5 on the PATH (or $KUBECTL)"));
            case "" -> KubectlRenderer.find().<Renderer>map(k -> k).orElseGet(JavaKustomize::new);
            default -> throw new RenderException("updraft.deploy.renderer must be kubectl or java, not " + forced);
        };
    }

    public static List<Map<String, Object>> render(Path dir) {
        List<Map<String, Object>> objects = chosen().render(dir);
        if (objects.isEmpty()) {
            throw new RenderException(dir + " rendered to no object at all");
        }
        return objects;
    }
}
