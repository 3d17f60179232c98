package dev.updraft.aggregator.cache;

import java.util.Locale;
import java.util.OptionalLong;

/** The parts of a response's {@code Cache-Control} that a shared cache must honour. */
record CacheControl(boolean noStore, boolean noCache, boolean isPrivate, OptionalLong maxAgeSeconds) {

    static CacheControl parse(String header) {
        boolean noStore = false;
        boolean noCache = false;
        boolean isPrivate = false;
        OptionalLong maxAge = OptionalLong.empty();
        OptionalLong sharedMaxAge = OptionalLong.empty();
        if (header != null) {
            for (String directive : header.split(",")) {
                String d = directive.trim().toLowerCase(Locale.ROOT);
                if (d.equals("no-store")) {
                    noStore = true;
                } else if (d.equals("no-cache")) {
                    noCache = true;
                } else if (d.equals("private")) {
                    isPrivate = true;
                } else if (d.startsWith("max-age=")) {
                    maxAge = seconds(d.substring(8));
                } else if (d.startsWith("s-maxage=")) {
                    sharedMaxAge = seconds(d.substring(9));
                }
            }
        }
        // s-maxage is meant for shared caches like this one and overrides max-age.
        return new CacheControl(noStore, noCache, isPrivate, sharedMaxAge.isPresent() ? sharedMaxAge : maxAge);
    }

    /** RFC 9111 §1.2.2: a delta-seconds too large to hold counts as 2^31 seconds (about 68 years). */
    static final long MAX_DELTA_SECONDS = 2_147_483_648L;

    private static OptionalLong seconds(String value) {
        String digits = value.replace("\"", "").trim();
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Math.min(Long.parseLong(digits), MAX_DELTA_SECONDS));
        } catch (NumberFormatException tooLong) {
            return OptionalLong.of(MAX_DELTA_SECONDS);
        }
    }
}
