package dev.updraft.aggregator.upstream;

import dev.updraft.aggregator.ssrf.Ipv4Literals;
import dev.updraft.aggregator.ssrf.SsrfPolicy;
import dev.updraft.model.aggregate.ErrorKind;
import dev.updraft.model.aggregate.UpstreamRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Resolves a URL's host exactly once and lets the SSRF policy pick the address to connect to. Because the
 * socket then goes to that very address, a DNS answer that changes between check and connect (rebinding)
 * has no effect.
 */
@Singleton
public class TargetResolver {

    private final Vertx vertx;
    private final SsrfPolicy policy;

    public TargetResolver(Vertx vertx, SsrfPolicy policy) {
        this.vertx = vertx;
        this.policy = policy;
    }

    public Uni<Target> resolve(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Uni.createFrom().failure(new UpstreamFailure(ErrorKind.BLOCKED, "scheme '" + scheme + "' is not allowed"));
        }
        boolean tls = scheme.equals("https");
        int port = portOf(uri);
        String host = SsrfPolicy.normalize(UpstreamRequest.hostOf(uri));
        return addresses(host)
                .map(addresses -> new Target(uri, host, port, tls, policy.choose(host, addresses)));
    }

    /** The URL's port, or its scheme's default: 443 for https, 80 for http. */
    public static int portOf(URI uri) {
        int explicit = UpstreamRequest.portOf(uri);
        return explicit >= 0 ? explicit : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private Uni<List<InetAddress>> addresses(String host) {
        if (host.contains(":")) {
            return literal(host);
        }
        if (Ipv4Literals.isNumeric(host)) {
            return Ipv4Literals.parse(host)
                    .map(a -> Uni.createFrom().item(List.<InetAddress> of(a)))
                    .orElseGet(() -> Uni.createFrom().failure(new UpstreamFailure(ErrorKind.BLOCKED,
                            "numeric host '" + host + "' is not a valid IPv4 address")));
        }
        // getAllByName may block on the system resolver: never on the event loop.
        return vertx.executeBlocking(() -> List.of(InetAddress.getAllByName(host)), false)
                .onFailure(UnknownHostException.class)
                .transform(e -> new UpstreamFailure(ErrorKind.DNS, "host '" + host + "' could not be resolved"));
    }

    private static Uni<List<InetAddress>> literal(String host) {
        try {
            // An IPv6 literal is parsed, never looked up.
            return Uni.createFrom().item(List.of(InetAddress.getByName(host)));
        } catch (UnknownHostException e) {
            return Uni.createFrom().failure(new UpstreamFailure(ErrorKind.BLOCKED,
                    "host '" + host + "' is not a valid IPv6 address"));
        }
    }
}
