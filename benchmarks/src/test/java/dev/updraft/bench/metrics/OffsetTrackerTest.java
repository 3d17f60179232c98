package dev.updraft.bench.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void everyOffsetOnceInOrderIsLossless() {
        tracker.subscribed(10);
        for (long o = 11; o <= 20; o++) {
            tracker.event(o);
        }
        DeliveryCounts c = tracker.finish(20);
        assertThat(c).isEqualTo(new DeliveryCounts(1, 10, 10, 0, 0, 0, 0));
        assertThat(c.lossless()).isTrue();
    }

    @Test
    void gapsAndTailAreMissing() {
        tracker.subscribed(0);
        tracker.event(1);
        tracker.event(2);
        tracker.event(5);
        DeliveryCounts c = tracker.finish(7);
        // 3 and 4 skipped, 6 and 7 never came
        assertThat(c.expected()).isEqualTo(7);
        assertThat(c.missing()).isEqualTo(4);
        assertThat(c.outOfOrder()).isZero();
        assertThat(c.lossless()).isFalse();
    }

    @Test
    void lateOffsetIsOutOfOrderNotMissing() {
        tracker.subscribed(0);
        tracker.event(1);
        tracker.event(3);
        tracker.event(2);
        DeliveryCounts c = tracker.finish(3);
        assertThat(c.missing()).isZero();
        assertThat(c.outOfOrder()).isEqualTo(1);
        assertThat(c.duplicates()).isZero();
        assertThat(c.received()).isEqualTo(3);
    }

    @Test
    void repeatedOffsetIsDuplicateEvenWhenLate() {
        tracker.subscribed(0);
        tracker.event(1);
        tracker.event(2);
        tracker.event(2);
        tracker.event(1);
        DeliveryCounts c = tracker.finish(2);
        assertThat(c.duplicates()).isEqualTo(2);
        assertThat(c.outOfOrder()).isZero();
        assertThat(c.missing()).isZero();
    }

    @Test
    void offsetsOutsideTheExpectedRangeAreUnexpected() {
        tracker.subscribed(5);
        tracker.event(5);
        tracker.event(6);
        tracker.event(9);
        DeliveryCounts c = tracker.finish(6);
        // 5 precedes the subscription, 9 was never returned to a publisher
        assertThat(c.unexpected()).isEqualTo(2);
        assertThat(c.expected()).isEqualTo(1);
        assertThat(c.missing()).isZero();
    }

    @Test
    void eventBeforeTheSubscribedReplyFixesTheBase() {
        tracker.event(4);
        tracker.subscribed(4);
        tracker.event(5);
        DeliveryCounts c = tracker.finish(5);
        assertThat(c.expected()).isEqualTo(2);
        assertThat(c.missing()).isZero();
        assertThat(c.unexpected()).isZero();
    }

    @Test
    void unconfirmedSubscriptionExpectsNothing() {
        DeliveryCounts c = tracker.finish(100);
        assertThat(c).isEqualTo(new DeliveryCounts(1, 0, 0, 0, 0, 0, 0));
        assertThat(tracker.subscribed()).isFalse();
    }

    @Test
    void countsAddUpAcrossConnections() {
        DeliveryCounts a = new DeliveryCounts(1, 10, 9, 1, 0, 0, 0);
        DeliveryCounts b = new DeliveryCounts(1, 10, 11, 0, 1, 2, 3);
        assertThat(a.plus(b)).isEqualTo(new DeliveryCounts(2, 20, 20, 1, 1, 2, 3));
    }
}
