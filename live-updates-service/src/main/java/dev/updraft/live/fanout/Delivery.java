package dev.updraft.live.fanout;

import java.nio.charset.StandardCharsets;

/**
 * One frame to fan out to a topic's subscribers, encoded once for all of them: as text (SSE, HTTP) and as
 * UTF-8 bytes (WebSocket payload, shared by every subscriber's frame). {@code offset} is the event's
 * offset, 0 for frames outside the offset sequence (join/leave), negative for a {@link #restart} notice.
 * {@code publishedNanos} is the {@link System#nanoTime()} of the publish, for the publish-to-deliver latency
 * metric.
 */
public record Delivery(String topic, long offset, String frame, byte[] utf8, long publishedNanos) {

    public static Delivery of(String topic, long offset, String frame, long publishedNanos) {
        return new Delivery(topic, offset, frame, frame.getBytes(StandardCharsets.UTF_8), publishedNanos);
    }

    /**
     * A notice that the topic's offsets go on at {@code nextOffset} although the events before it were lost to
     * its subscribers (the Redis engine lost the history: a new epoch, or events that could no longer be read).
     * {@code frame} is a {@code subscribed} frame with {@code recovered:false}; the offset field carries
     * {@code -nextOffset}.
     */
    public static Delivery restart(String topic, long nextOffset, String frame) {
        return of(topic, -nextOffset, frame, System.nanoTime());
    }

    public boolean isEvent() {
        return offset > 0;
    }

    /** The offset a {@link #restart} notice moves its subscriptions to; 0 for every other frame. */
    public long restartsAt() {
        return offset < 0 ? -offset : 0;
    }
}
