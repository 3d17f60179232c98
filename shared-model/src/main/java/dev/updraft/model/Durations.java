package dev.updraft.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of the platform: {@code 250ms}, {@code 2s}, {@code 1m}, {@code 1h}, {@code 1d},
 * or ISO-8601 such as {@code PT2S}. Negative durations are never valid.
 */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    private Durations() {
    }

    public static Duration parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidFieldException(field, field + " is required");
        }
        String t = text.trim();
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            Duration d = Duration.parse(t);
            if (d.isNegative()) {
                throw new InvalidFieldException(field, field + " must not be negative");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(field, field + " '" + text
                    + "' is not a duration: use e.g. 250ms, 2s, 1m, 1h or ISO-8601 PT2S");
        }
    }

    /** The shortest exact form: 1500ms stays {@code 1500ms}, 120000ms becomes {@code 2m}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    public static void requirePositive(String field, Duration d) {
        if (d != null && (d.isZero() || d.isNegative())) {
            throw new InvalidFieldException(field, field + " must be greater than zero");
        }
    }
}
