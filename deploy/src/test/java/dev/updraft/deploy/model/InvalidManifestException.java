package dev.updraft.deploy.model;

import java.util.List;

/** The rendered objects do not bind strictly to the Kubernetes API types. */
public class InvalidManifestException extends RuntimeException {

    private final List<String> problems;

    public InvalidManifestException(List<String> problems) {
        super("manifests do not match the Kubernetes API types:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
