package dev.updraft.aggregator.upstream;

import dev.updraft.aggregator.UpstreamServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.util.Map;

/**
 * An HTTPS upstream with a self-signed certificate for {@code localhost} that offers HTTP/2 through ALPN;
 * the aggregator trusts that certificate only, through {@code updraft.aggregator.http.trust-pem}.
 */
public class TlsUpstreamResource implements QuarkusTestResourceLifecycleManager {

    private UpstreamServer upstream;

    @Override
    public Map<String, String> start() {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
        upstream = UpstreamServer.start(new HttpServerOptions()
                .setSsl(true)
                .setUseAlpn(true)
                .setKeyCertOptions(certificate.keyCertOptions()));
        return Map.of(
                "updraft.aggregator.http.trust-pem", certificate.certificatePath(),
                "test.tls-upstream.port", Integer.toString(upstream.port()));
    }

    @Override
    public void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }
}
