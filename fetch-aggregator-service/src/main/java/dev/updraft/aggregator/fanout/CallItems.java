package dev.updraft.aggregator.fanout;

import dev.updraft.aggregator.upstream.Failures;
import dev.updraft.model.aggregate.ErrorKind;
import dev.updraft.model.aggregate.ItemError;
import dev.updraft.model.aggregate.ItemResult;
import dev.updraft.model.aggregate.UpstreamRequest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * The items of one call in flight, under the call's deadline as one timer. Each item's result fills its
 * slot; when the deadline passes first, every empty slot gets a {@code deadline} result and its item is
 * cancelled (its request reset, its permit or place in a queue given back). One timer per call instead of
 * one per item: setting and cancelling a timer for each item cost about 4 % of the event loops' CPU, and
 * more when the item ended on another loop than the one that set its timer.
 *
 * <p>Invariant: a slot changes once, from empty to its result, by compare-and-set, and whoever wins reports
 * it; so an item that answers while the deadline fires is reported exactly once, one way or the other.
 */
final class CallItems {

    /** What becomes of each result, and of the last one. */
    interface Listener {
        void result(int index, ItemResult result);

        void all(List<ItemResult> results);
    }

    private final Vertx vertx;
    private final List<CheckedRequest> requests;
    private final Deadline deadline;
    private final Listener listener;
    private final AtomicReferenceArray<ItemResult> results;
    private final AtomicReferenceArray<Cancellable> running;
    private final AtomicInteger remaining;
    private volatile long timer = -1;

    /** The listener is called on the thread that fills a slot. */
    CallItems(Vertx vertx, List<CheckedRequest> requests, Deadline deadline, Listener listener) {
        this.vertx = vertx;
        this.requests = requests;
        this.deadline = deadline;
        this.listener = listener;
        this.results = new AtomicReferenceArray<>(requests.size());
        this.running = new AtomicReferenceArray<>(requests.size());
        this.remaining = new AtomicInteger(requests.size());
    }

    /** Subscribes to every item, in request order; the deadline timer runs on the calling context. */
    void start(IntFunction<Uni<ItemResult>> items) {
        timer = vertx.setTimer(Math.max(1, deadline.remaining().toMillis()), id -> expire());
        for (int i = 0; i < requests.size(); i++) {
            int index = i;
            Cancellable subscription = items.apply(i).subscribe().with(
                    result -> report(index, result),
                    // a failure that escaped the item's own handling still ends as that item's error only
                    failure -> report(index, ItemResult.failed(requests.get(index).request(),
                            deadline.elapsedMillis(), Failures.describe(failure))));
            running.set(index, subscription);
        }
    }

    /** The result of an item that the call's deadline cut, whether it was queued or in flight. */
    static ItemResult deadlineResult(UpstreamRequest request, Deadline deadline) {
        return ItemResult.failed(request, deadline.elapsedMillis(), ItemError.of(ErrorKind.DEADLINE,
                "the call's deadline passed after " + deadline.elapsedMillis() + "ms before this request finished"));
    }

    /** The caller went away: stop whatever still runs. */
    void cancel() {
        vertx.cancelTimer(timer);
        for (int i = 0; i < results.length(); i++) {
            Cancellable subscription = running.get(i);
            if (results.get(i) == null && subscription != null) {
                subscription.cancel();
            }
        }
    }

    private void expire() {
        for (int i = 0; i < results.length(); i++) {
            if (results.get(i) == null && report(i, deadlineResult(requests.get(i).request(), deadline))) {
                Cancellable subscription = running.get(i);
                if (subscription != null) {
                    subscription.cancel();
                }
            }
        }
    }

    /** False when the item had already been reported (it answered after the deadline took its slot). */
    boolean report(int index, ItemResult result) {
        if (!results.compareAndSet(index, null, result)) {
            return false;
        }
        try {
            listener.result(index, result);
        } finally {
            // even if the listener failed: the call must still answer
            if (remaining.decrementAndGet() == 0) {
                vertx.cancelTimer(timer);
                List<ItemResult> all = new ArrayList<>(results.length());
                for (int i = 0; i < results.length(); i++) {
                    all.add(results.get(i));
                }
                listener.all(all);
            }
        }
        return true;
    }
}
