package dev.updraft.live.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SharedReadTest {

    /** Reads that answer only when the test says so, in the order they were sent. */
    private final List<CompletableFuture<ReadResult>> sent = new ArrayList<>();
    private final Supplier<Uni<ReadResult>> read = () -> {
        CompletableFuture<ReadResult> answer = new CompletableFuture<>();
        sent.add(answer);
        return Uni.createFrom().completionStage(answer);
    };
    private final SharedRead shared = new SharedRead();

    @Test
    void theFirstCallerReadsAtOnceAndCallersDuringTheFlightShareTheNextRead() {
        UniAssertSubscriber<ReadResult> first = shared.join(read).subscribe().withSubscriber(UniAssertSubscriber.create());
        assertThat(sent).hasSize(1);

        List<UniAssertSubscriber<ReadResult>> waiting = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            waiting.add(shared.join(read).subscribe().withSubscriber(UniAssertSubscriber.create()));
        }
        assertThat(sent).as("joined while a read was in flight: nothing sent yet").hasSize(1);

        sent.get(0).complete(result(5));
        first.assertItem(result(5));
        // the flight's answer predates their registration, so they must not get it
        waiting.forEach(w -> assertThat(w.getItem()).isNull());
        assertThat(sent).as("one read for all thousand").hasSize(2);

        sent.get(1).complete(result(7));
        waiting.forEach(w -> w.assertItem(result(7)));
    }

    @Test
    void aFailedReadFailsOnlyItsOwnCallersAndTheNextBatchIsStillSent() {
        UniAssertSubscriber<ReadResult> first = shared.join(read).subscribe().withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<ReadResult> second = shared.join(read).subscribe().withSubscriber(UniAssertSubscriber.create());

        sent.get(0).completeExceptionally(new IllegalStateException("Redis did not answer"));
        first.assertFailedWith(IllegalStateException.class, "Redis did not answer");
        assertThat(sent).hasSize(2);

        sent.get(1).complete(result(9));
        second.assertItem(result(9));
    }

    @Test
    void aCallerAfterAllAnswersSendsAFreshRead() {
        shared.join(read).subscribe().withSubscriber(UniAssertSubscriber.create());
        sent.get(0).complete(result(1));

        UniAssertSubscriber<ReadResult> later = shared.join(read).subscribe().withSubscriber(UniAssertSubscriber.create());
        assertThat(sent).hasSize(2);
        sent.get(1).complete(result(2));
        later.assertItem(result(2));
    }

    private static ReadResult result(long last) {
        return new ReadResult("e1", last, 1, List.of());
    }
}
