package dev.updraft.deploy.render;

import java.util.Map;

/**
 * JSON as Go's encoding/json writes maps of strings: keys sorted, no spaces, and <, >, &, U+2028 and
 * U+2029 escaped. kustomize hashes this text, so it must match byte for byte.
 */
final class GoJson {

    private GoJson() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            var keys = new java.util.TreeSet<String>();
            map.keySet().forEach(k -> keys.add((String) k));
            boolean first = true;
            for (String key : keys) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(key, out);
                out.append(':');
                write(map.get(key), out);
            }
            out.append('}');
        } else if (value == null) {
            out.append("null");
        } else {
            string(String.valueOf(value), out);
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
