package dev.updraft.scheduler.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.updraft.model.scheduler.JobAction;
import dev.updraft.model.scheduler.JobRun;
import dev.updraft.model.scheduler.JobSpec;
import dev.updraft.model.scheduler.RunStatus;
import dev.updraft.model.scheduler.Schedule;
import dev.updraft.scheduler.client.ActionLoop;
import dev.updraft.scheduler.support.FakeServices;
import dev.updraft.scheduler.support.FakeServicesResource;
import dev.updraft.scheduler.support.InjectFakes;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Starting a run records it (the no-overlap slot and {@code startedAt}) and hands its action to the {@link ActionLoop}:
 * an action loop still busy with earlier work delays the webhook call, never the start.
 */
@QuarkusTest
@WithTestResource(FakeServicesResource.class)
class RunStartTest {

    private static final String JOB = "start-while-loop-busy";

    @InjectFakes
    FakeServices fakes;

    @Inject
    JobRunner runner;

    @Inject
    ActionLoop loop;

    @Test
    void theStartIsRecordedWhileTheActionLoopIsBusyAndTheActionRunsOnceItIsFree() throws Exception {
        JobSpec spec = new JobSpec(JOB, Schedule.every(Duration.ofHours(1)),
                new JobAction.Http("GET", fakes.upstreamUrl() + "/hook?key=" + JOB, Map.of(), null),
                Duration.ofSeconds(5), true);
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            busy.countDown();
            awaitQuietly(release);
        });
        assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();

        Instant due = Instant.now();
        JobRun started;
        try {
            started = CompletableFuture.supplyAsync(() -> runner.fire(spec, due)).get(2, TimeUnit.SECONDS);
            assertThat(started.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(started.scheduledAt()).isEqualTo(due);
            assertThat(started.latenessMs()).isLessThan(1_000L);
            assertThat(fakes.hooks(JOB).poll(300, TimeUnit.MILLISECONDS))
                    .as("no webhook call while the action loop is busy").isNull();
        } finally {
            release.countDown();
        }

        assertThat(fakes.hooks(JOB).poll(5, TimeUnit.SECONDS)).as("the webhook call once the loop is free").isNotNull();
        await().atMost(5, TimeUnit.SECONDS).until(() -> runner.running(JOB).isEmpty());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
