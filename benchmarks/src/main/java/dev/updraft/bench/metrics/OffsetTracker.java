package dev.updraft.bench.metrics;

import java.util.BitSet;

/**
 * Checks one connection's events of one topic against the hub's guarantee: every offset after the
 * subscription exactly once, in order.
 *
 * <p>Confined to the event loop that owns the connection; not thread-safe. The subscription point is the
 * {@code offset} of the {@code subscribed} reply (the topic's last offset then); when an event arrives
 * first, the offset before it is taken. Offsets seen are kept in a bit set relative to that point, so a
 * late offset can be told apart from a repeated one.
 */
public final class OffsetTracker {

    private final BitSet seen = new BitSet();
    private long base = -1;
    private long highest;
    private long received;
    private long duplicates;
    private long outOfOrder;
    private long unexpected;

    /** Records the {@code subscribed} reply; ignored when events already fixed the base. */
    public void subscribed(long lastOffset) {
        if (base < 0) {
            base = lastOffset;
            highest = lastOffset;
        }
    }

    public void event(long offset) {
        received++;
        if (base < 0) {
            subscribed(offset - 1);
        }
        if (offset <= base || offset - base > Integer.MAX_VALUE) {
            unexpected++;
            return;
        }
        int index = (int) (offset - base - 1);
        if (seen.get(index)) {
            duplicates++;
            return;
        }
        seen.set(index);
        if (offset < highest) {
            outOfOrder++;
        } else {
            highest = offset;
        }
    }

    public boolean subscribed() {
        return base >= 0;
    }

    /**
     * Counts against the last offset the publishers were given back. Offsets above it are unexpected;
     * a connection that never got its subscription confirmed expected nothing and is counted as such.
     */
    public DeliveryCounts finish(long lastPublishedOffset) {
        if (base < 0) {
            return new DeliveryCounts(1, 0, received, 0, duplicates, outOfOrder, unexpected);
        }
        long expected = Math.max(0, lastPublishedOffset - base);
        int limit = (int) Math.min(expected, Integer.MAX_VALUE);
        long inRange = seen.get(0, limit).cardinality();
        long beyond = seen.cardinality() - inRange;
        return new DeliveryCounts(1, expected, received, expected - inRange, duplicates, outOfOrder,
                unexpected + beyond);
    }
}
