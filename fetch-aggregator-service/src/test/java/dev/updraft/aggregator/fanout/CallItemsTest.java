package dev.updraft.aggregator.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.updraft.model.aggregate.ErrorKind;
import dev.updraft.model.aggregate.ItemResult;
import dev.updraft.model.aggregate.UpstreamRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallItemsTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static List<CheckedRequest> requests(int n) {
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> new CheckedRequest(UpstreamRequest.get("r" + i, "http://127.0.0.1:1/" + i),
                        URI.create("http://127.0.0.1:1/" + i), "127.0.0.1:1"))
                .toList();
    }

    @Test
    void theDeadlineAnswersAndCancelsWhatStillRunsAndALateAnswerIsIgnored() throws Exception {
        AtomicInteger cancelled = new AtomicInteger();
        List<ItemResult> reported = new CopyOnWriteArrayList<>();
        CompletableFuture<List<ItemResult>> all = new CompletableFuture<>();
        List<CheckedRequest> requests = requests(3);
        CallItems items = new CallItems(vertx, requests, Deadline.in(Duration.ofMillis(200)), new CallItems.Listener() {
            @Override
            public void result(int index, ItemResult result) {
                reported.add(result);
            }

            @Override
            public void all(List<ItemResult> results) {
                all.complete(results);
            }
        });
        vertx.runOnContext(v -> items.start(i -> i == 0
                ? Uni.createFrom().item(new ItemResult("r0", "u", 200, 1L, null, 0L, null, null, null, null))
                : Uni.createFrom().<ItemResult> emitter(never -> { })
                        .onCancellation().invoke(cancelled::incrementAndGet)));

        List<ItemResult> results = all.get(5, TimeUnit.SECONDS);
        assertThat(results).extracting(ItemResult::id).containsExactly("r0", "r1", "r2");
        assertThat(results.get(0).ok()).isTrue();
        assertThat(results.subList(1, 3)).allSatisfy(r -> assertThat(r.error().kind()).isEqualTo(ErrorKind.DEADLINE));
        assertThat(cancelled).hasValue(2);

        // an item that answers after the deadline took its slot is not reported a second time (its subscription
        // was cancelled, so the answer is played in directly: Mutiny would drop it)
        assertThat(items.report(1, new ItemResult("r1", "u", 200, 1L, null, 0L, null, null, null, null))).isFalse();
        assertThat(reported).hasSize(3);
        assertThat(all.get().get(1).error().kind()).isEqualTo(ErrorKind.DEADLINE);
    }

    @Test
    void aFailureThatEscapesAnItemIsThatItemsErrorOnly() throws Exception {
        CompletableFuture<List<ItemResult>> all = new CompletableFuture<>();
        CallItems items = new CallItems(vertx, requests(2), Deadline.in(Duration.ofSeconds(5)), new CallItems.Listener() {
            @Override
            public void result(int index, ItemResult result) {
            }

            @Override
            public void all(List<ItemResult> results) {
                all.complete(results);
            }
        });
        vertx.runOnContext(v -> items.start(i -> i == 0
                ? Uni.createFrom().failure(new java.net.ConnectException("refused"))
                : Uni.createFrom().item(new ItemResult("r1", "u", 200, 1L, null, 0L, null, null, null, null))));

        List<ItemResult> results = all.get(5, TimeUnit.SECONDS);
        assertThat(results.get(0).error().kind()).isEqualTo(ErrorKind.CONNECT);
        assertThat(results.get(0).id()).isEqualTo("r0");
        assertThat(results.get(1).ok()).isTrue();
    }
}
