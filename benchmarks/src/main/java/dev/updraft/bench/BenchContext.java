package dev.updraft.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a run reads and writes, and how big it is.
 *
 * @param repo      the repository root (service jars live under it)
 * @param results   {@code benchmarks/results}
 * @param work      scratch space for this run: service working directories and logs
 * @param javaHome  the JDK that runs services and workers
 * @param classpath this module's runtime classpath, for worker processes
 * @param python    the interpreter that has Debian's tornado ({@code /usr/bin/python3})
 * @param sizes     scenario sizes
 */
public record BenchContext(Path repo, Path results, Path work, Path javaHome, String classpath, String python,
                           Sizes sizes) {

    public Path java() {
        return javaHome.resolve("bin/java");
    }

    public Path peer(String script) {
        return repo.resolve("benchmarks/peers").resolve(script);
    }

    public Path log(String name) {
        return work.resolve("logs").resolve(name + ".log");
    }

    /** A java command line for a class of this module. */
    public List<String> javaCommand(String heap, String mainClass, List<String> args) {
        var cmd = new java.util.ArrayList<>(List.of(java().toString(), "-Xms" + heap, "-Xmx" + heap,
                "-Djava.awt.headless=true", "-cp", classpath, mainClass));
        cmd.addAll(args);
        return cmd;
    }
}
