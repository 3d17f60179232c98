package dev.updraft.aggregator.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PermitQueueTest {

    /** Work that stays in flight until the test completes its emitter. */
    private static final class Gate {
        final List<UniEmitter<? super String>> running = new CopyOnWriteArrayList<>();

        Uni<String> work(String name) {
            return Uni.createFrom().emitter(em -> running.add(em));
        }

        void finishOldest(String value) {
            running.remove(0).complete(value);
        }
    }

    @Test
    void neverRunsMoreThanItsCapacityAndHandsPermitsOnInOrder() {
        PermitQueue queue = new PermitQueue(2);
        Gate gate = new Gate();
        List<String> done = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = "w" + i;
            queue.withPermit(() -> gate.work(name)).subscribe().with(done::add);
        }
        assertThat(gate.running).hasSize(2);
        assertThat(queue.inFlight()).isEqualTo(2);
        assertThat(queue.queued()).isEqualTo(3);

        gate.finishOldest("a");
        assertThat(gate.running).hasSize(2);
        assertThat(queue.queued()).isEqualTo(2);
        gate.finishOldest("b");
        gate.finishOldest("c");
        gate.finishOldest("d");
        gate.finishOldest("e");
        assertThat(done).containsExactly("a", "b", "c", "d", "e");
        assertThat(queue.inFlight()).isZero();
        assertThat(queue.queued()).isZero();
    }

    @Test
    void cancelledWaitersLeaveTheQueueAndNoPermitIsLost() {
        PermitQueue queue = new PermitQueue(1);
        Gate gate = new Gate();
        queue.withPermit(() -> gate.work("holder")).subscribe().with(v -> { });
        List<Cancellable> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(queue.withPermit(() -> gate.work("waiter")).subscribe().with(v -> { }));
        }
        assertThat(queue.queued()).isEqualTo(3);

        waiting.forEach(Cancellable::cancel);
        assertThat(queue.queued()).isZero();

        gate.finishOldest("done");
        assertThat(queue.inFlight()).isZero();
        // The permit came back: new work starts at once.
        queue.withPermit(() -> gate.work("next")).subscribe().with(v -> { });
        assertThat(gate.running).hasSize(1);
    }

    @Test
    void cancellingRunningWorkReturnsItsPermit() {
        PermitQueue queue = new PermitQueue(1);
        Gate gate = new Gate();
        Cancellable running = queue.withPermit(() -> gate.work("running")).subscribe().with(v -> { });
        queue.withPermit(() -> gate.work("queued")).subscribe().with(v -> { });
        assertThat(gate.running).hasSize(1);

        running.cancel();
        assertThat(gate.running).hasSize(2);
        assertThat(queue.inFlight()).isEqualTo(1);
    }

    @Test
    void workThatFailsToStartReturnsItsPermitWhetherItWaitedOrNot() {
        PermitQueue queue = new PermitQueue(1);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        // a free permit (taken at once) and then a queued one: neither may be lost when the work cannot start
        queue.withPermit(() -> {
            throw new IllegalStateException("no work");
        }).subscribe().with(v -> { }, failures::add);
        assertThat(queue.inFlight()).isZero();

        Gate gate = new Gate();
        queue.withPermit(() -> gate.work("holder")).subscribe().with(v -> { });
        queue.withPermit(() -> {
            throw new IllegalStateException("no work either");
        }).subscribe().with(v -> { }, failures::add);
        gate.finishOldest("done");
        assertThat(failures).hasSize(2);
        assertThat(queue.inFlight()).isZero();
        assertThat(queue.queued()).isZero();
    }
}
