package io.vigil.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a pooled upstream connection: hands what the upstream sends to the
 * exchange that currently owns the connection. An idle pooled connection has no owner; anything
 * it receives then is a protocol error and closes it.
 */
final class Http1UpstreamConnection extends ChannelInboundHandlerAdapter {

    static final String NAME = "vigil-upstream";

    Http1Proxy owner;
    long lastUsedNanos;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Http1Proxy current = owner;
        if (current == null) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        current.upstreamMessage(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Http1Proxy current = owner;
        if (current != null) {
            current.upstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Http1Proxy current = owner;
        if (current != null && ctx.channel().isWritable()) {
            current.upstreamWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Http1Proxy current = owner;
        owner = null;
        if (current != null) {
            current.upstreamClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
