package dev.updraft.scheduler.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts {@link FakeServices} before the application and points the scheduler's REST clients at them. The
 * built-in job runs every 500 ms here so tests see it work within a second.
 */
public class FakeServicesResource implements QuarkusTestResourceLifecycleManager {

    private FakeServices fakes;

    @Override
    public Map<String, String> start() {
        fakes = new FakeServices();
        fakes.start();
        return Map.of(
                "quarkus.rest-client.aggregator.url", fakes.aggregatorUrl(),
                "quarkus.rest-client.live-updates.url", fakes.liveUpdatesUrl(),
                "updraft.scheduler.platform-status.every", "500ms",
                // a job from configuration (ConfiguredJobsTest)
                "updraft.scheduler.jobs.configured-hook.cron", "0 15 3 * * ?",
                "updraft.scheduler.jobs.configured-hook.zone", "Europe/Paris",
                "updraft.scheduler.jobs.configured-hook.timeout", "5s",
                "updraft.scheduler.jobs.configured-hook.action.type", "http",
                "updraft.scheduler.jobs.configured-hook.action.url", fakes.upstreamUrl() + "/hook?key=configured",
                "updraft.scheduler.jobs.configured-hook.action.headers.X-Source", "config",
                "updraft.scheduler.jobs.configured-hook.action.body", "{\"from\":\"config\"}");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(fakes, new TestInjector.AnnotatedAndMatchesType(InjectFakes.class, FakeServices.class));
    }

    @Override
    public void stop() {
        if (fakes != null) {
            fakes.stop();
        }
    }
}
