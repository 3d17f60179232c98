package dev.updraft.live.ws;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * Notes, on the connection's loop, that the peer's close frame has arrived: after it no frame may be written,
 * and events are written without asking the connection, whose {@code isClosed} takes a lock on every call
 * (a tenth of a broadcast's fan-out time went there). Without a WebSocket decoder in the pipeline (Vert.x
 * changed shape) it asks the connection after all.
 */
final class PeerCloseWatch extends ChannelInboundHandlerAdapter {

    private static final String NAME = "updraft-peer-close-watch";

    private final WebSocketConnection connection;
    private final boolean installed;
    private boolean closeReceived;

    private PeerCloseWatch(WebSocketConnection connection, boolean installed) {
        this.connection = connection;
        this.installed = installed;
    }

    /** Installs a watch right behind the channel's WebSocket decoder, where close frames pass. */
    static PeerCloseWatch install(Channel channel, WebSocketConnection connection) {
        ChannelPipeline pipeline = channel.pipeline();
        ChannelHandlerContext decoder = pipeline.context(WebSocketFrameDecoder.class);
        PeerCloseWatch watch = new PeerCloseWatch(connection, decoder != null);
        if (decoder != null) {
            pipeline.addAfter(decoder.name(), NAME, watch);
        }
        return watch;
    }

    /** Loop only. */
    boolean seen() {
        return installed ? closeReceived : connection.isClosed();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof CloseWebSocketFrame) {
            closeReceived = true;
        }
        ctx.fireChannelRead(message);
    }
}
