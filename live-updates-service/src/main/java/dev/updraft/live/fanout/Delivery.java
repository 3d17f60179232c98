package dev.updraft.live.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One frame to fan out to a topic's subscribers, encoded once for all of them: as text (SSE, HTTP) and as a
 * complete WebSocket text frame shared by every subscriber's socket. {@code offset} is the event's
 * offset, 0 for frames outside the offset sequence (join/leave), negative for a {@link #restart} notice.
 * {@code publishedNanos} is the {@link System#nanoTime()} of the publish, for the publish-to-deliver latency
 * metric.
 */
public record Delivery(String topic, long offset, String frame, ByteBuf webSocketFrame, long publishedNanos) {

    public static Delivery of(String topic, long offset, String frame, long publishedNanos) {
        return new Delivery(topic, offset, frame, encodeTextFrame(frame.getBytes(StandardCharsets.UTF_8)),
                publishedNanos);
    }

    /**
     * The whole WebSocket text frame (header and payload, unmasked as a server sends it), encoded once: every
     * subscriber's socket gets a {@link ByteBuf#duplicate} of it, which the WebSocket encoder passes through
     * untouched, so a delivery allocates and copies nothing. Direct, so the socket writes it without a copy;
     * unreleasable, because the channels share it: its memory goes with the last reference, by GC.
     */
    static ByteBuf encodeTextFrame(byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocateDirect(header + length);
        frame.put((byte) 0x81); // FIN, opcode 1: text
        if (length < 126) {
            frame.put((byte) length);
        } else if (length <= 0xFFFF) {
            frame.put((byte) 126).putShort((short) length);
        } else {
            frame.put((byte) 127).putLong(length);
        }
        frame.put(payload).flip();
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(frame));
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
