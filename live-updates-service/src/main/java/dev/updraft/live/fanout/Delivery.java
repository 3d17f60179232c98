package dev.updraft.live.fanout;

/**
 * One frame to fan out to a topic's subscribers, encoded once for all of them. {@code offset} is the
 * event's offset, or 0 for frames outside the offset sequence (join/leave). {@code publishedNanos} is the
 * {@link System#nanoTime()} of the publish, for the publish-to-deliver latency metric.
 */
public record Delivery(String topic, long offset, String frame, long publishedNanos) {

    public boolean isEvent() {
        return offset > 0;
    }
}
