package dev.updraft.aggregator.named;

import dev.updraft.aggregator.UpstreamServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts the test upstream before the application and declares an aggregation {@code demo} against it. */
public class UpstreamServerResource implements QuarkusTestResourceLifecycleManager {

    private UpstreamServer upstream;

    @Override
    public Map<String, String> start() {
        upstream = UpstreamServer.start();
        String prefix = "updraft.aggregator.aggregations.demo.";
        return Map.of(
                prefix + "merge", "true",
                prefix + "requests.beta.url", upstream.url("/json/beta?v=b"),
                prefix + "requests.beta.select", "/v",
                prefix + "requests.alpha.url", upstream.url("/json/alpha?v=a"),
                prefix + "requests.alpha.select", "path,v",
                prefix + "requests.gamma.url", upstream.url("/text?v=g"),
                prefix + "requests.gamma.timeout", "2s");
    }

    @Override
    public void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }
}
