package dev.updraft.aggregator.ssrf;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Reads a host the way C's {@code inet_aton} (and so curl, browsers and many proxies) does: one to four
 * dot-separated parts, each decimal, octal with a leading 0, or hex with 0x, the last part filling the
 * remaining bytes. {@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1} and {@code 127.1} are all
 * 127.0.0.1. The JDK reads {@code 0177.0.0.1} as 177.0.0.1, so the policy must not rely on it.
 */
public final class Ipv4Literals {

    private Ipv4Literals() {
    }

    /** True when {@code host} is made only of numeric parts, i.e. it must be an IPv4 address, not a name. */
    public static boolean isNumeric(String host) {
        // one to four parts, each hex (0x and any hex digits) or decimal (one digit or more), and one
        // trailing dot at most; a scan, not a regex: every upstream exchange asks this of its host
        int at = 0;
        for (int parts = 1; parts <= 4; parts++) {
            int end = partEnd(host, at);
            if (end < 0) {
                return false;
            }
            if (end == host.length() || (end == host.length() - 1 && host.charAt(end) == '.')) {
                return true;
            }
            if (host.charAt(end) != '.') {
                return false;
            }
            at = end + 1;
        }
        return false;
    }

    /** Where the numeric part starting at {@code at} ends, or -1 when none starts there. */
    private static int partEnd(String host, int at) {
        int end = at;
        if (host.regionMatches(true, at, "0x", 0, 2)) {
            end += 2;
            while (end < host.length() && HexFormat.isHexDigit(host.charAt(end))) {
                end++;
            }
            return end;
        }
        while (end < host.length() && host.charAt(end) >= '0' && host.charAt(end) <= '9') {
            end++;
        }
        return end > at ? end : -1;
    }

    /** The address a numeric host denotes; empty when a part is out of range or not a valid number. */
    public static Optional<Inet4Address> parse(String host) {
        if (!isNumeric(host)) {
            return Optional.empty();
        }
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = h.split("\\.");
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Long v = number(parts[i]);
            if (v == null) {
                return Optional.empty();
            }
            values[i] = v;
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 0xFF) {
                return Optional.empty();
            }
            address |= values[i] << (8 * (3 - i));
        }
        long last = values[parts.length - 1];
        int lastBytes = 4 - (parts.length - 1);
        if (last >= (1L << (8 * lastBytes))) {
            return Optional.empty();
        }
        address |= last;
        byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Long number(String part) {
        try {
            if (part.regionMatches(true, 0, "0x", 0, 2)) {
                return part.length() == 2 ? 0L : Long.parseLong(part.substring(2), 16);
            }
            if (part.length() > 1 && part.startsWith("0")) {
                return Long.parseLong(part.substring(1), 8);
            }
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
