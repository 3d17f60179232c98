package dev.updraft.aggregator.ssrf;

import dev.updraft.aggregator.config.AggregatorConfig;
import dev.updraft.aggregator.upstream.UpstreamFailure;
import dev.updraft.model.aggregate.ErrorKind;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which addresses an aggregation may reach. Every resolved address of a host is checked against
 * the deny ranges below unless the host name or the address is on the allowlist
 * ({@code updraft.aggregator.ssrf.allow}); one denied address blocks the host, so a DNS answer that mixes
 * a public and a private address cannot be used to reach the private one. Created at start-up, so that a
 * malformed allowlist entry stops the start instead of the first request.
 */
@Startup
@Singleton
public class SsrfPolicy {

    private record Range(Cidr cidr, String name) {
        static Range of(String cidr, String name) {
            return new Range(Cidr.parse(cidr), name);
        }
    }

    private static final List<Range> DENY_V4 = List.of(
            Range.of("0.0.0.0/8", "unspecified/this network"),
            Range.of("10.0.0.0/8", "private"),
            Range.of("100.64.0.0/10", "carrier-grade NAT"),
            Range.of("127.0.0.0/8", "loopback"),
            Range.of("169.254.0.0/16", "link-local (cloud metadata)"),
            Range.of("172.16.0.0/12", "private"),
            Range.of("192.0.0.0/24", "IETF protocol assignments"),
            Range.of("192.0.2.0/24", "documentation"),
            Range.of("192.88.99.0/24", "6to4 relay anycast"),
            Range.of("192.168.0.0/16", "private"),
            Range.of("198.18.0.0/15", "benchmarking"),
            Range.of("198.51.100.0/24", "documentation"),
            Range.of("203.0.113.0/24", "documentation"),
            Range.of("224.0.0.0/4", "multicast"),
            Range.of("240.0.0.0/4", "reserved and broadcast"));

    private static final List<Range> DENY_V6 = List.of(
            Range.of("::/128", "unspecified"),
            Range.of("::1/128", "loopback"),
            Range.of("100::/64", "discard"),
            Range.of("2001::/32", "Teredo tunnel"),
            Range.of("2001:db8::/32", "documentation"),
            Range.of("fc00::/7", "unique-local"),
            Range.of("fe80::/10", "link-local"),
            Range.of("fec0::/10", "site-local"),
            Range.of("ff00::/8", "multicast"));

    private final Set<String> allowedHosts = new HashSet<>();
    private final List<Cidr> allowedBlocks = new ArrayList<>();

    @Inject
    public SsrfPolicy(AggregatorConfig config) {
        this(config.ssrf().allow().orElse(List.of()));
    }

    /** {@code allow}: host names and CIDRs, as in {@code updraft.aggregator.ssrf.allow}. */
    public SsrfPolicy(List<String> allow) {
        for (String entry : allow) {
            String e = entry.trim();
            if (e.isEmpty() || e.equals("none")) {
                continue;
            }
            if (Cidr.looksLikeCidr(e)) {
                allowedBlocks.add(Cidr.parse(e));
            } else {
                allowedHosts.add(normalize(e));
            }
        }
        Log.infof("SSRF policy: deny ranges active; allowlisted hosts %s, blocks %s", allowedHosts, allowedBlocks);
    }

    /** Lower case, no IPv6 brackets, no trailing dot: the one spelling compared with the allowlist. */
    public static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    public boolean hostAllowlisted(String normalizedHost) {
        return allowedHosts.contains(normalizedHost);
    }

    /**
     * The address to connect to: the first one, once all passed. Throws a {@code blocked} failure naming
     * the range otherwise.
     */
    public InetAddress choose(String normalizedHost, List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            throw new UpstreamFailure(ErrorKind.DNS, "host '" + normalizedHost + "' has no address");
        }
        if (!hostAllowlisted(normalizedHost)) {
            for (InetAddress address : addresses) {
                Optional<String> reason = denial(address);
                if (reason.isPresent()) {
                    throw new UpstreamFailure(ErrorKind.BLOCKED, "host '" + normalizedHost + "' resolves to "
                            + address.getHostAddress() + ", " + reason.get() + ", which the SSRF policy denies");
                }
            }
        }
        return addresses.get(0);
    }

    /** Why {@code address} is denied, or empty when it may be reached. */
    public Optional<String> denial(InetAddress address) {
        for (Cidr allowed : allowedBlocks) {
            if (allowed.contains(address)) {
                return Optional.empty();
            }
        }
        if (address instanceof Inet4Address) {
            return denyV4(address);
        }
        Optional<Inet4Address> embedded = embeddedV4((Inet6Address) address);
        if (embedded.isPresent()) {
            return denial(embedded.get()).map(r -> "an IPv6 form of " + embedded.get().getHostAddress() + " (" + r + ")");
        }
        for (Range range : DENY_V6) {
            if (range.cidr().contains(address)) {
                return Optional.of("in " + range.cidr() + " (" + range.name() + ")");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> denyV4(InetAddress address) {
        for (Range range : DENY_V4) {
            if (range.cidr().contains(address)) {
                return Optional.of("in " + range.cidr() + " (" + range.name() + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * IPv4 addresses carried inside IPv6 ones: IPv4-compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96}
     * and 6to4 {@code 2002::/16}. (IPv4-mapped {@code ::ffff:a.b.c.d} already arrives as IPv4 from the JDK.)
     */
    static Optional<Inet4Address> embeddedV4(Inet6Address address) {
        byte[] b = address.getAddress();
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= b[i] == 0;
        }
        boolean mapped = firstTenZero && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
        boolean compatible = firstTenZero && b[10] == 0 && b[11] == 0 && !isZeroOrOne(b);
        boolean nat64 = (b[0] & 0xFF) == 0x00 && (b[1] & 0xFF) == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B
                && allZero(b, 4, 12);
        if (mapped || compatible || nat64) {
            return v4(b[12], b[13], b[14], b[15]);
        }
        if ((b[0] & 0xFF) == 0x20 && (b[1] & 0xFF) == 0x02) {
            return v4(b[2], b[3], b[4], b[5]);
        }
        return Optional.empty();
    }

    private static boolean isZeroOrOne(byte[] b) {
        return allZero(b, 0, 15) && (b[15] == 0 || b[15] == 1);
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Optional<Inet4Address> v4(byte a, byte b, byte c, byte d) {
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(new byte[] {a, b, c, d}));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
