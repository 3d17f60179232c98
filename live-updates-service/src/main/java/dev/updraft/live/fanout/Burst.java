package dev.updraft.live.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Frames of one topic, in order, handed to the subscribers together: the frames a hub took from its inbox in
 * one drain turn, or the events a subscription replays. A subscriber that takes several consecutive frames
 * gets them as one buffer, so under load a connection costs one write per turn, not one per event.
 *
 * <p>Confined to the hub's loop. The buffer that joins the WebSocket frames is built the first time a sink
 * asks for more than one of them, and shared by every subscriber that does, like {@link Delivery}'s frame.
 */
public final class Burst {

    private final List<Delivery> deliveries;
    private ByteBuf joined;
    private int[] starts;

    public Burst(List<Delivery> deliveries) {
        this.deliveries = deliveries;
    }

    void add(Delivery delivery) {
        deliveries.add(delivery);
    }

    public int size() {
        return deliveries.size();
    }

    public Delivery get(int index) {
        return deliveries.get(index);
    }

    String topic() {
        return deliveries.getFirst().topic();
    }

    /**
     * The complete WebSocket frames of deliveries {@code from} (inclusive) to {@code to} (exclusive), end to
     * end, as a view of their own for one socket: it needs no release and frees nothing shared.
     */
    public ByteBuf webSocketFrames(int from, int to) {
        if (to - from == 1) {
            return deliveries.get(from).webSocketFrame().duplicate();
        }
        if (joined == null) {
            join();
        }
        return joined.slice(starts[from], starts[to] - starts[from]);
    }

    private void join() {
        starts = new int[deliveries.size() + 1];
        for (int i = 0; i < deliveries.size(); i++) {
            starts[i + 1] = starts[i] + deliveries.get(i).webSocketFrame().readableBytes();
        }
        // direct, so sockets write it without a copy; unreleasable for the same reason as Delivery's frame
        ByteBuffer all = ByteBuffer.allocateDirect(starts[deliveries.size()]);
        for (Delivery delivery : deliveries) {
            all.put(delivery.webSocketFrame().nioBuffer());
        }
        joined = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(all.flip()));
    }
}
