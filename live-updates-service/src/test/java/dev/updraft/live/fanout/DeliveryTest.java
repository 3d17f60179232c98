package dev.updraft.live.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeliveryTest {

    /** Lengths on both sides of the 7-bit, 16-bit and 64-bit length encodings, and multi-byte UTF-8. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 300_000})
    void thePreEncodedFrameIsTheTextFrameAClientDecodes(int length) {
        String text = "é".repeat(length / 2) + "x".repeat(length % 2);
        Delivery delivery = Delivery.of("news", 1, text, 0);

        // a client-side decoder: it expects unmasked frames, as a server sends them
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));
        client.writeInbound(delivery.webSocketFrame().duplicate());
        TextWebSocketFrame frame = client.readInbound();

        assertThat(frame.isFinalFragment()).isTrue();
        assertThat(frame.text()).isEqualTo(text);
        frame.release();
    }

    @Test
    void everySubscriberGetsItsOwnViewOfTheSameBytes() {
        Delivery delivery = Delivery.of("news", 1, "{\"type\":\"event\"}", 0);
        ByteBuf first = delivery.webSocketFrame().duplicate();
        ByteBuf second = delivery.webSocketFrame().duplicate();

        first.skipBytes(first.readableBytes());
        first.release(); // what a channel does once written: must not free what the others still send

        assertThat(second.readableBytes()).isEqualTo(2 + 16);
        assertThat(delivery.webSocketFrame().readableBytes()).isEqualTo(2 + 16);
    }
}
