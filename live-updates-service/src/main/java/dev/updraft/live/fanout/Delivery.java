package dev.updraft.live.fanout;

import java.nio.charset.StandardCharsets;

/**
 * One frame to fan out to a topic's subscribers, encoded once for all of them: as text (SSE, HTTP) and as
 * UTF-8 bytes (WebSocket payload, shared by every subscriber's frame). {@code offset} is the event's
 * offset, or 0 for frames outside the offset sequence (join/leave). {@code publishedNanos} is the
 * {@link System#nanoTime()} of the publish, for the publish-to-deliver latency metric.
 */
public record Delivery(String topic, long offset, String frame, byte[] utf8, long publishedNanos) {

    public static Delivery of(String topic, long offset, String frame, long publishedNanos) {
        return new Delivery(topic, offset, frame, frame.getBytes(StandardCharsets.UTF_8), publishedNanos);
    }

    public boolean isEvent() {
        return offset > 0;
    }
}
