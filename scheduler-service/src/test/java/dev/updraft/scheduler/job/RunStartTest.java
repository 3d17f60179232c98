package dev.updraft.scheduler.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.updraft.model.aggregate.UpstreamRequest;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Starting a run records it (the no-overlap slot and {@code startedAt}) and hands its whole action to the
 * {@link ActionLoop}, where the pipeline is put together: an action loop still busy with earlier work delays the
 * action's calls, never the start, and nothing of the action runs on the starting thread.
 */
@QuarkusTest
@WithTestResource(FakeServicesResource.class)
class RunStartTest {

    @InjectFakes
    FakeServices fakes;

    @Inject
    JobRunner runner;

    @Inject
    ActionLoop loop;

    @Test
    void aWebhookRunStartsWhileTheActionLoopIsBusyAndCallsOnceItIsFree() throws Exception {
        String job = "start-webhook";
        startWhileTheLoopIsBusy(job, new JobAction.Http("GET", hook(job), Map.of(), null));
    }

    @Test
    void anAggregatePublishRunIsPutTogetherOnTheActionLoopNotOnTheStartingThread() throws Exception {
        String job = "start-aggregate";
        startWhileTheLoopIsBusy(job, new JobAction.AggregatePublish(null,
                List.of(UpstreamRequest.get("hook", hook(job))), "start.aggregate"));
    }

    /** Fires {@code action} while the action loop is blocked: started at once, the upstream called only after. */
    private void startWhileTheLoopIsBusy(String job, JobAction action) throws Exception {
        JobSpec spec = new JobSpec(job, Schedule.every(Duration.ofHours(1)), action, Duration.ofSeconds(5), true);
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            busy.countDown();
            awaitQuietly(release);
        });
        assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();

        Instant due = Instant.now();
        try {
            JobRun started = CompletableFuture.supplyAsync(() -> runner.fire(spec, due)).get(2, TimeUnit.SECONDS);
            assertThat(started.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(started.scheduledAt()).isEqualTo(due);
            assertThat(started.latenessMs()).isLessThan(1_000L);
            assertThat(fakes.hooks(job).poll(300, TimeUnit.MILLISECONDS))
                    .as("no upstream call while the action loop is busy").isNull();
        } finally {
            release.countDown();
        }

        assertThat(fakes.hooks(job).poll(5, TimeUnit.SECONDS)).as("the upstream call once the loop is free").isNotNull();
        await().atMost(5, TimeUnit.SECONDS).until(() -> runner.running(job).isEmpty());
    }

    private String hook(String job) {
        return fakes.upstreamUrl() + "/hook?key=" + job;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
