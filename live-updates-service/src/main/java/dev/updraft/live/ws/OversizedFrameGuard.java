package dev.updraft.live.ws;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;

/**
 * Turns a frame the WebSocket decoder refuses (above {@code max-frame-size}, or otherwise corrupt) into the
 * close frame the protocol promises, 1009 for a frame that is too big. Vert.x builds its decoder with
 * {@code closeOnProtocolViolation(false)} and then drops the TCP connection on the decoder's exception,
 * so without this handler the client would see an abnormal close (1006) instead.
 */
@ChannelHandler.Sharable
final class OversizedFrameGuard extends ChannelInboundHandlerAdapter {

    static final OversizedFrameGuard INSTANCE = new OversizedFrameGuard();
    private static final String NAME = "updraft-oversized-frame-guard";

    private OversizedFrameGuard() {
    }

    /** Installs the guard right behind the channel's WebSocket decoder, if it has one. */
    static void install(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        ChannelHandlerContext decoder = pipeline.context(WebSocketFrameDecoder.class);
        if (decoder != null && pipeline.get(NAME) == null) {
            pipeline.addAfter(decoder.name(), NAME, INSTANCE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof CorruptedWebSocketFrameException corrupt)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        // the decoder discards everything after a corrupt frame, so the connection cannot continue; written
        // from the tail because the WebSocket encoder sits behind this handler
        ctx.channel().writeAndFlush(new CloseWebSocketFrame(corrupt.closeStatus().code(), reason(corrupt)))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** A close reason is limited to 123 bytes. */
    private static String reason(CorruptedWebSocketFrameException corrupt) {
        String message = String.valueOf(corrupt.getMessage());
        return message.length() <= 120 ? message : message.substring(0, 120);
    }
}
