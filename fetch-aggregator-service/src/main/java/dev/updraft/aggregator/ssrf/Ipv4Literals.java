package dev.updraft.aggregator.ssrf;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a host the way C's {@code inet_aton} (and so curl, browsers and many proxies) does: one to four
 * dot-separated parts, each decimal, octal with a leading 0, or hex with 0x, the last part filling the
 * remaining bytes. {@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1} and {@code 127.1} are all
 * 127.0.0.1. The JDK reads {@code 0177.0.0.1} as 177.0.0.1, so the policy must not rely on it.
 */
public final class Ipv4Literals {

    private static final Pattern NUMERIC_HOST = Pattern.compile("(?i)(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+)){0,3}\\.?");

    private Ipv4Literals() {
    }

    /** True when {@code host} is made only of numeric parts, i.e. it must be an IPv4 address, not a name. */
    public static boolean isNumeric(String host) {
        return NUMERIC_HOST.matcher(host).matches();
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
