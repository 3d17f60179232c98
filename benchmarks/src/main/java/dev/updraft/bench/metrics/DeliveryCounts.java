package dev.updraft.bench.metrics;

/**
 * What subscribers received compared with what was published, summed over connections.
 *
 * @param expected   offsets each connection should have seen (published after it subscribed), summed
 * @param received   event frames received, duplicates included
 * @param missing    expected offsets never received
 * @param duplicates offsets received more than once
 * @param outOfOrder offsets received after a higher offset of the same topic
 * @param unexpected offsets outside the expected range (before the subscription or after the last publish)
 */
public record DeliveryCounts(long connections, long expected, long received, long missing, long duplicates,
                             long outOfOrder, long unexpected) {

    public static final DeliveryCounts NONE = new DeliveryCounts(0, 0, 0, 0, 0, 0, 0);

    public DeliveryCounts plus(DeliveryCounts o) {
        return new DeliveryCounts(connections + o.connections, expected + o.expected, received + o.received,
                missing + o.missing, duplicates + o.duplicates, outOfOrder + o.outOfOrder,
                unexpected + o.unexpected);
    }

    /** True when every expected offset arrived exactly once and in order. */
    public boolean lossless() {
        return missing == 0 && duplicates == 0 && outOfOrder == 0 && unexpected == 0;
    }
}
