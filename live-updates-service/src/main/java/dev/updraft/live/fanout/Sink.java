package dev.updraft.live.fanout;

/**
 * Where a subscription's frames go: a WebSocket connection or an SSE stream. Called only on the event
 * loop that owns the connection.
 */
public interface Sink {

    /**
     * Queues frames {@code from} (inclusive) to {@code to} (exclusive) of the burst for writing, in order.
     * Returns how many were queued: fewer when the sink is closing (for example after it was closed as a slow
     * consumer; it has then already told its client, which recovers with {@code since}) or does not carry
     * some kinds of frame.
     */
    int send(Burst burst, int from, int to);

    /**
     * Writes replayed events. Replays are exempt from the slow-consumer bound: they are already bounded
     * by the history size, and a client catching up must not be closed for catching up.
     */
    void sendReplayed(Burst events);

    /**
     * Pushes frames written since the last flush to the socket. The hub calls it once per sink at the end
     * of a drain batch, so several events for one connection leave in one system call.
     */
    default void flush() {
    }
}
