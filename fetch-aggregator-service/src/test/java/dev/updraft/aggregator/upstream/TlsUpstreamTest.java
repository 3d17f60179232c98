package dev.updraft.aggregator.upstream;

import static dev.updraft.aggregator.Calls.aggregate;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * HTTPS upstreams: the connection goes to the checked address while TLS verifies the certificate against
 * the host name (sent as SNI and Host), and HTTP/2 is used when the upstream offers it.
 */
@QuarkusTest
@WithTestResource(TlsUpstreamResource.class)
class TlsUpstreamTest {

    private static int port() {
        return ConfigProvider.getConfig().getValue("test.tls-upstream.port", Integer.class);
    }

    @Test
    void httpsUpstreamIsVerifiedByHostNameAndSpokenToInHttp2() {
        aggregate(Map.of("requests", List.of(
                Map.of("url", "https://localhost:" + port() + "/json/tls")))).then()
                .statusCode(200)
                .body("results[0].status", equalTo(200))
                .body("results[0].body.path", equalTo("/json/tls"))
                .body("results[0].body.version", equalTo("HTTP_2"))
                .body("results[0].body.host", equalTo("localhost:" + port()));
    }

    @Test
    void certificateForAnotherNameIsRefused() {
        // Same server, reached by address: the certificate names localhost, not 127.0.0.1.
        aggregate(Map.of("requests", List.of(
                Map.of("url", "https://127.0.0.1:" + port() + "/json/tls")))).then()
                .statusCode(200)
                .body("results[0].error.kind", equalTo("connect"))
                .body("results[0].error.message", containsString("TLS"));
    }
}
