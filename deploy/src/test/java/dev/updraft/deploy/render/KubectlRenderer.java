package dev.updraft.deploy.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** `kubectl kustomize DIR`: the reference implementation, used whenever kubectl is installed. */
public final class KubectlRenderer implements Renderer {

    private final Path kubectl;

    private KubectlRenderer(Path kubectl) {
        this.kubectl = kubectl;
    }

    private static Optional<KubectlRenderer> found;

    /**
     * kubectl from $KUBECTL or the PATH, if it runs and embeds kustomize v5 or newer: an older one (Debian
     * ships kubectl 1.20 with kustomize v2) lacks components and `replicas`, so the Java renderer is used.
     */
    public static synchronized Optional<KubectlRenderer> find() {
        if (found == null) {
            found = locate().filter(KubectlRenderer::hasKustomizeV5);
        }
        return found;
    }

    private static Optional<KubectlRenderer> locate() {
        String explicit = System.getenv("KUBECTL");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(new KubectlRenderer(Path.of(explicit)));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new KubectlRenderer(candidate));
            }
        }
        return Optional.empty();
    }

    private boolean hasKustomizeV5() {
        try {
            Process process = new ProcessBuilder(kubectl.toString(), "version", "--client")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            var version = java.util.regex.Pattern.compile("Kustomize Version: v(\\d+)").matcher(out);
            return process.exitValue() == 0 && version.find() && Integer.parseInt(version.group(1)) >= 5;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public List<Map<String, Object>> render(Path dir) {
        try {
            Path err = Files.createTempFile("kustomize", ".err");
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                    .redirectError(err.toFile())
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new RenderException("kubectl kustomize " + dir + " did not finish within 60 s");
            }
            String stderr = Files.readString(err);
            Files.deleteIfExists(err);
            if (process.exitValue() != 0) {
                throw new RenderException("kubectl kustomize " + dir + " failed: " + stderr.strip());
            }
            return Yaml.documents(out, "kubectl kustomize " + dir);
        } catch (IOException e) {
            throw new RenderException("cannot run " + kubectl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenderException("interrupted while rendering " + dir, e);
        }
    }

    @Override
    public String name() {
        return "kubectl kustomize (" + kubectl + ")";
    }
}
