package dev.updraft.deploy.render;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Builds a kustomization directory into the list of Kubernetes objects it stands for. */
public interface Renderer {

    List<Map<String, Object>> render(Path kustomizationDir);

    String name();
}
