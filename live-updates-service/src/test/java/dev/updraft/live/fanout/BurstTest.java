package dev.updraft.live.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BurstTest {

    private static Delivery event(long offset, String text) {
        return Delivery.of("news", offset, text, 0);
    }

    private static List<String> decode(ByteBuf frames) {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));
        client.writeInbound(frames);
        List<String> texts = new ArrayList<>();
        TextWebSocketFrame frame;
        while ((frame = client.readInbound()) != null) {
            texts.add(frame.text());
            frame.release();
        }
        return texts;
    }

    @Test
    void aRunOfFramesIsOneBufferTheClientReadsAsThoseFrames() {
        Burst burst = new Burst(List.of(event(1, "a"), event(2, "x".repeat(200)), event(3, "c")));

        assertThat(decode(burst.webSocketFrames(0, 3))).containsExactly("a", "x".repeat(200), "c");
        assertThat(decode(burst.webSocketFrames(1, 3))).containsExactly("x".repeat(200), "c");
        assertThat(decode(burst.webSocketFrames(2, 3))).containsExactly("c");
        // the views are independent: reading one consumed nothing of the others
        assertThat(decode(burst.webSocketFrames(0, 2))).containsExactly("a", "x".repeat(200));
    }

    /** Records each call the subscription makes, as "from-to". */
    private static final class Calls implements Sink {
        final List<String> calls = new ArrayList<>();

        @Override
        public int send(Burst burst, int from, int to) {
            calls.add(from + "-" + to);
            return to - from;
        }

        @Override
        public void sendReplayed(Burst events) {
            calls.add("replay");
        }
    }

    @Test
    void aLiveSubscriptionTakesTheWholeBurstInOneCall() {
        Calls sink = new Calls();
        Subscription subscription = new Subscription("news", sink, null);
        subscription.startLiveAt(1);

        int queued = subscription.deliver(new Burst(List.of(event(1, "a"), event(2, "b"), event(3, "c"))));

        assertThat(queued).isEqualTo(3);
        assertThat(sink.calls).containsExactly("0-3");
    }

    @Test
    void framesBeforeTheHandOverAreSkippedAndTheRestStayOneRunPerGap() {
        Calls sink = new Calls();
        Subscription subscription = new Subscription("news", sink, null);
        subscription.startLiveAt(3); // the replay ended at 2
        Delivery join = Delivery.of("news", 0, "{\"type\":\"join\"}", 0);

        int queued = subscription.deliver(new Burst(List.of(join, event(1, "a"), event(2, "b"), event(3, "c"),
                event(4, "d"))));

        assertThat(queued).isEqualTo(3);
        assertThat(sink.calls).containsExactly("0-1", "3-5");
    }

    @Test
    void aSubscriptionNotLiveYetIgnoresRestartNoticesAndEvents() {
        Calls sink = new Calls();
        Subscription subscription = new Subscription("news", sink, null);

        int queued = subscription.deliver(new Burst(List.of(event(7, "a"), Delivery.restart("news", 9, "{}"))));

        assertThat(queued).isZero();
        assertThat(sink.calls).isEmpty();
    }
}
