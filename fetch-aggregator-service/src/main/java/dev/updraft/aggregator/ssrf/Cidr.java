package dev.updraft.aggregator.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address block such as {@code 10.0.0.0/8} or {@code fc00::/7}; IPv4 and IPv6 never match each other. */
public record Cidr(byte[] network, int prefix, String text) {

    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String addressPart = slash < 0 ? text : text.substring(0, slash);
        byte[] network = literalBytes(addressPart.trim());
        int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1).trim());
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("prefix of '" + text + "' must be 0.." + network.length * 8);
        }
        return new Cidr(network, prefix, text.trim());
    }

    /** True for text that reads as an address or block rather than a host name. */
    public static boolean looksLikeCidr(String text) {
        return text.contains("/") || text.contains(":") || text.matches("[0-9.]+");
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (bytes[full] & mask) == (network[full] & mask);
    }

    private static byte[] literalBytes(String literal) {
        if (!literal.contains(":") && !literal.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("'" + literal + "' is not an IPv4 or IPv6 address");
        }
        try {
            // A literal never triggers a DNS lookup.
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + literal + "' is not an IP address", e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
