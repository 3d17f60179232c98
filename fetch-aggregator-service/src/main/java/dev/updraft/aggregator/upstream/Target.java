package dev.updraft.aggregator.upstream;

import java.net.InetAddress;
import java.net.URI;

/**
 * Where one hop goes: the URL as asked, and the one address that was resolved (and checked) for its
 * host. The socket is opened to {@code address}; the host name is only sent as Host header and SNI.
 */
public record Target(URI uri, String host, int port, boolean tls, InetAddress address) {

    public String pathAndQuery() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }
}
