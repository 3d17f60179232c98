package dev.updraft.deploy.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The image a Deployment runs must fit its pod spec: the module has both Dockerfiles, the final stage's
 * USER is a numeric non-root uid (runAsNonRoot can only verify a numeric user, and the manifests set no
 * runAsUser so that one pod spec serves the JVM image's 185 and the native image's 1001), and the
 * image EXPOSEs the port the probes and the Service use.
 */
public final class DockerfileCheck {

    public static final List<String> DOCKERFILES = List.of("Dockerfile.jvm", "Dockerfile.native-micro");

    private DockerfileCheck() {
    }

    public static List<String> violations(Path dockerDir, int containerPort) {
        List<String> out = new ArrayList<>();
        for (String name : DOCKERFILES) {
            Path file = dockerDir.resolve(name);
            if (!Files.isRegularFile(file)) {
                out.add(file + ": missing");
                continue;
            }
            List<String> finalStage = finalStage(file);
            String user = last(finalStage, "USER");
            if (user == null || !user.matches("\\d+(:\\d+)?") || user.matches("0(:\\d+)?")) {
                out.add(file + ": final USER is " + user + ", not a numeric non-root uid (runAsNonRoot needs one)");
            }
            boolean exposed = finalStage.stream()
                    .filter(l -> keyword(l).equals("EXPOSE"))
                    .flatMap(l -> List.of(l.substring(6).trim().split("\\s+")).stream())
                    .anyMatch(p -> p.replace("/tcp", "").equals(String.valueOf(containerPort)));
            if (!exposed) {
                out.add(file + ": does not EXPOSE " + containerPort + ", the container port of the manifests");
            }
        }
        return out;
    }

    /** Instructions after the last FROM, continuation lines joined, comments dropped. */
    private static List<String> finalStage(Path file) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        try {
            for (String raw : Files.readAllLines(file)) {
                String line = raw.strip();
                if (line.startsWith("#") || line.isEmpty() && current.isEmpty()) {
                    continue;
                }
                if (line.endsWith("\\")) {
                    current.append(line, 0, line.length() - 1).append(' ');
                    continue;
                }
                current.append(line);
                instructions.add(current.toString());
                current.setLength(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int lastFrom = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (keyword(instructions.get(i)).equals("FROM")) {
                lastFrom = i;
            }
        }
        return instructions.subList(lastFrom, instructions.size());
    }

    private static String last(List<String> instructions, String keyword) {
        String value = null;
        for (String l : instructions) {
            if (keyword(l).equals(keyword)) {
                value = l.substring(keyword.length()).trim();
            }
        }
        return value;
    }

    private static String keyword(String instruction) {
        int space = instruction.indexOf(' ');
        return (space < 0 ? instruction : instruction.substring(0, space)).toUpperCase(Locale.ROOT);
    }
}
