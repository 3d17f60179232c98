package dev.updraft.deploy.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a service's Java sources and lists the configuration keys its {@code @ConfigMapping} interfaces
 * accept, the way SmallRye Config derives them: prefix, method names in kebab-case (or the mapping's
 * naming strategy), {@code @WithName}, {@code @WithParentName}, nested groups, {@code Optional} groups,
 * {@code Map<String, …>} (a {@code *} segment) and lists of groups ({@code [*]}). Source text rather
 * than compiled classes, because this module is built without the services on its classpath.
 */
public final class ConfigMappingScanner {

    private static final Pattern TYPE_DECL = Pattern.compile("\\b(interface|class|record|enum)\\s+(\\w+)([^;{]*)\\{");
    private static final Pattern METHOD = Pattern.compile(
            "^((?:@[\\w.]+(?:\\s*\\([^()]*\\))?\\s*)*)([\\w.<>,?\\s\\[\\]]+?)\\s+(\\w+)\\s*\\(\\s*\\)$", Pattern.DOTALL);
    private static final Pattern MAPPING = Pattern.compile("@(?:io\\.smallrye\\.config\\.)?ConfigMapping\\s*\\(([^()]*)\\)");

    private record Method(String name, String type, Optional<String> withName, boolean withParentName) {
    }

    private record Iface(String name, List<Method> methods, Optional<String> prefix, String namingStrategy, List<String> parents) {
    }

    private ConfigMappingScanner() {
    }

    /** Key patterns (e.g. {@code updraft.scheduler.jobs.*.cron}) of every mapping under {@code sourceRoot}. */
    public static Set<String> keys(Path sourceRoot) {
        Map<String, Iface> interfaces = new HashMap<>();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> parse(read(p), interfaces));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + sourceRoot, e);
        }
        Set<String> keys = new TreeSet<>();
        for (Iface iface : interfaces.values()) {
            iface.prefix().ifPresent(prefix -> expand(iface, prefix, iface.namingStrategy(), interfaces, keys, 0));
        }
        return keys;
    }

    /** The prefixes of the {@code @ConfigMapping} interfaces under {@code sourceRoot}. */
    public static Set<String> prefixes(Path sourceRoot) {
        Map<String, Iface> interfaces = new HashMap<>();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> parse(read(p), interfaces));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + sourceRoot, e);
        }
        Set<String> prefixes = new TreeSet<>();
        interfaces.values().forEach(i -> i.prefix().ifPresent(prefixes::add));
        return prefixes;
    }

    private static void expand(Iface iface, String prefix, String naming, Map<String, Iface> all, Set<String> keys, int depth) {
        if (depth > 16) {
            throw new IllegalStateException("config group nesting too deep (a cycle?) at " + prefix);
        }
        for (String parent : iface.parents()) {
            // An extended interface contributes its methods under the same prefix.
            if (all.containsKey(parent)) {
                expand(all.get(parent), prefix, naming, all, keys, depth + 1);
            }
        }
        for (Method m : iface.methods()) {
            String key = m.withParentName() ? prefix : prefix + "." + m.withName().orElseGet(() -> rename(m.name(), naming));
            expandType(m.type(), key, naming, all, keys, depth);
        }
    }

    private static void expandType(String type, String key, String naming, Map<String, Iface> all, Set<String> keys, int depth) {
        String t = type.replaceAll("\\s+", "");
        Matcher generic = Pattern.compile("^([\\w.]+)<(.*)>$").matcher(t);
        if (generic.matches()) {
            String raw = simpleName(generic.group(1));
            String args = generic.group(2);
            switch (raw) {
                case "Optional" -> {
                    expandType(args, key, naming, all, keys, depth);
                    return;
                }
                case "Map", "SortedMap", "NavigableMap" -> {
                    expandType(args.substring(topLevelComma(args) + 1), key + ".*", naming, all, keys, depth);
                    return;
                }
                case "List", "Set", "SortedSet", "Collection" -> {
                    if (all.containsKey(simpleName(args))) {
                        expand(all.get(simpleName(args)), key + "[*]", naming, all, keys, depth + 1);
                    } else {
                        keys.add(key); // comma-separated value, or indexed entries
                        keys.add(key + "[*]");
                    }
                    return;
                }
                default -> {
                    keys.add(key);
                    return;
                }
            }
        }
        Iface group = all.get(simpleName(t));
        if (group != null) {
            expand(group, key, naming, all, keys, depth + 1);
        } else {
            keys.add(key);
        }
    }

    private static int topLevelComma(String args) {
        int depth = 0;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a Map's type arguments: " + args);
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /** SmallRye's naming strategies; KEBAB_CASE is the default. */
    static String rename(String method, String strategy) {
        return switch (strategy) {
            case "VERBATIM" -> method;
            case "SNAKE_CASE" -> split(method, '_');
            default -> split(method, '-');
        };
    }

    private static String split(String camel, char sep) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                char prev = camel.charAt(i - 1);
                boolean nextLower = i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1));
                if (Character.isLowerCase(prev) || Character.isDigit(prev) || Character.isUpperCase(prev) && nextLower) {
                    out.append(sep);
                }
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }

    // ---- source parsing --------------------------------------------------------------------------------

    private static void parse(String source, Map<String, Iface> out) {
        List<String> strings = new ArrayList<>();
        String text = maskStringsAndComments(source, strings);
        Matcher decl = TYPE_DECL.matcher(text);
        int from = 0;
        while (decl.find(from)) {
            int open = decl.end() - 1;
            int close = matchingBrace(text, open);
            if ("interface".equals(decl.group(1))) {
                String header = text.substring(Math.max(0, lastStatementEnd(text, decl.start())), decl.start());
                List<String> parents = new ArrayList<>();
                Matcher ext = Pattern.compile("\\bextends\\s+(.+)$", Pattern.DOTALL).matcher(decl.group(3).strip());
                if (ext.find()) {
                    for (String parent : ext.group(1).replaceAll("<[^>]*>", "").split(",")) {
                        parents.add(simpleName(parent.strip()));
                    }
                }
                out.put(decl.group(2), iface(decl.group(2), header, text.substring(open + 1, close), strings, parents));
            }
            from = open + 1; // nested declarations are found on the way
        }
    }

    private static Iface iface(String name, String header, String body, List<String> strings, List<String> parents) {
        Optional<String> prefix = Optional.empty();
        String naming = "KEBAB_CASE";
        Matcher mapping = MAPPING.matcher(header);
        if (mapping.find()) {
            Matcher p = Pattern.compile("prefix\\s*=\\s*\"S(\\d+)\"").matcher(mapping.group(1));
            prefix = Optional.of(p.find() ? strings.get(Integer.parseInt(p.group(1))) : "");
            Matcher n = Pattern.compile("namingStrategy\\s*=\\s*[\\w.]*?(VERBATIM|KEBAB_CASE|SNAKE_CASE)").matcher(mapping.group(1));
            if (n.find()) {
                naming = n.group(1);
            }
        }
        List<Method> methods = new ArrayList<>();
        for (String statement : flattenBlocks(body).split(";")) {
            Matcher m = METHOD.matcher(statement.strip());
            if (!m.matches()) {
                continue;
            }
            String type = m.group(2).replaceAll("\\b(public|abstract)\\s+", "").strip();
            if (type.matches("(?s).*\\b(default|static|private|void)\\b.*")) {
                continue;
            }
            String annotations = m.group(1);
            Optional<String> withName = Optional.empty();
            Matcher wn = Pattern.compile("@(?:[\\w.]*\\.)?WithName\\s*\\(\\s*(?:value\\s*=\\s*)?\"S(\\d+)\"\\s*\\)").matcher(annotations);
            if (wn.find()) {
                withName = Optional.of(strings.get(Integer.parseInt(wn.group(1))));
            }
            boolean parent = annotations.matches("(?s).*@(?:[\\w.]*\\.)?WithParentName\\b.*");
            methods.add(new Method(m.group(3), type, withName, parent));
        }
        return new Iface(name, methods, prefix, naming, parents);
    }

    /** Replaces every top-level {...} block (nested types, default method bodies) by a statement end. */
    private static String flattenBlocks(String body) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '{') {
                i = matchingBrace(body, i) + 1;
                out.append(';');
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int lastStatementEnd(String text, int before) {
        int best = -1;
        for (char c : new char[] {';', '}', '{'}) {
            best = Math.max(best, text.lastIndexOf(c, before - 1));
        }
        return best + 1;
    }

    private static int matchingBrace(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            if (text.charAt(i) == '{') {
                depth++;
            } else if (text.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced braces in a Java source");
    }

    /**
     * Drops comments and replaces each string literal with "S<n>" (its text kept in {@code strings}), so
     * braces, semicolons and slashes inside strings (a default URL) cannot confuse the parser.
     */
    static String maskStringsAndComments(String src, List<String> strings) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                strings.add(src.substring(i + 3, end));
                out.append("\"S").append(strings.size() - 1).append('"');
                i = end + 3;
            } else if (c == '"') {
                StringBuilder s = new StringBuilder();
                i++;
                while (src.charAt(i) != '"') {
                    if (src.charAt(i) == '\\') {
                        s.append(src.charAt(i + 1));
                        i += 2;
                    } else {
                        s.append(src.charAt(i++));
                    }
                }
                i++;
                strings.add(s.toString());
                out.append("\"S").append(strings.size() - 1).append('"');
            } else if (c == '\'') {
                int end = src.charAt(i + 1) == '\\' ? src.indexOf('\'', i + 3) : i + 2;
                out.append("' '");
                i = end + 1;
            } else if (src.startsWith("//", i)) {
                int end = src.indexOf('\n', i);
                i = end < 0 ? src.length() : end;
            } else if (src.startsWith("/*", i)) {
                i = src.indexOf("*/", i + 2) + 2;
                out.append(' ');
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
