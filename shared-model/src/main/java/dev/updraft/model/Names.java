package dev.updraft.model;

import java.util.Map;

/** Names shared by topics and job ids: {@code [A-Za-z0-9][A-Za-z0-9._:-]{0,127}}. */
public final class Names {

    private static final int MAX_LENGTH = 128;

    private Names() {
    }

    /**
     * A scan rather than a regex: every publish checks its topic and every fan-out item its id, and a
     * matcher per name was ~1.4 % of the aggregator's event-loop samples (JFR).
     */
    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH || !isAlphanumeric(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAlphanumeric(c) && c != '.' && c != '_' && c != ':' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** Returns {@code name} or throws naming {@code field} when it is missing or malformed. */
    public static String require(String field, String name) {
        if (name == null) {
            throw new InvalidFieldException(field, field + " is required");
        }
        if (!isValid(name)) {
            throw new InvalidFieldException(field, field + " '" + abbreviate(name)
                    + "' is invalid: use 1 to 128 of A-Z a-z 0-9 . _ : - starting with a letter or digit");
        }
        return name;
    }

    public static <T> T requirePresent(String field, T value) {
        if (value == null) {
            throw new InvalidFieldException(field, field + " is required");
        }
        return value;
    }

    /**
     * An immutable copy of HTTP headers; a null value (JSON {@code null}) is refused naming the header,
     * where a plain copy would fail without saying which one.
     */
    public static Map<String, String> requireHeaders(String field, Map<String, String> headers) {
        if (headers == null) {
            return Map.of();
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getValue() == null) {
                throw new InvalidFieldException(field + "." + header.getKey(),
                        "header '" + header.getKey() + "' needs a string value");
            }
        }
        return Map.copyOf(headers);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
