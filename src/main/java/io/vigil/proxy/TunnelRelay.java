package io.vigil.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectDecoder;
import io.netty.handler.codec.http.HttpObjectEncoder;

/**
 * Relays raw bytes from its channel to a peer after an upgrade (WebSocket): no parsing, with
 * back-pressure (this side stops reading while the peer cannot take more).
 */
final class TunnelRelay extends ChannelInboundHandlerAdapter {

    private final Channel peer;

    TunnelRelay(Channel peer) {
        this.peer = peer;
    }

    /** Turns the client's HTTP pipeline into a relay towards {@code upstream}. */
    static void install(Channel client, Channel upstream) {
        ChannelPipeline p = client.pipeline();
        p.addLast(new TunnelRelay(upstream));
        // Handlers are removed front-most last, so bytes the decoder still holds reach the relay.
        for (var entry : p.toMap().entrySet()) {
            var handler = entry.getValue();
            if (handler instanceof TunnelRelay || handler instanceof HttpObjectDecoder) {
                continue;
            }
            if (handler.getClass().getName().startsWith("io.vigil.server.")
                    || handler instanceof HttpObjectEncoder) {
                p.remove(handler);
            }
        }
        for (var entry : p.toMap().entrySet()) {
            if (entry.getValue() instanceof HttpObjectDecoder decoder) {
                p.remove(decoder);
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        peer.write(msg);
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
