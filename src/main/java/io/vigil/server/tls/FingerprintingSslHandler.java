package io.vigil.server.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * Netty's TLS handler, which first reads the client's ClientHello (without consuming it) and sets
 * the connection's {@link TlsFingerprint}. After the first record it costs one boolean per read.
 */
final class FingerprintingSslHandler extends SslHandler {

    private boolean read;

    FingerprintingSslHandler(SSLEngine engine, boolean startTls, Executor delegatedTasks) {
        super(engine, startTls, delegatedTasks);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws SSLException {
        if (!read) {
            // Before the engine sees the record: it is consumed only once it is whole, and it is
            // whole here first.
            ClientHello.Read result = ClientHello.read(in);
            if (result instanceof ClientHello.Parsed parsed) {
                read = true;
                ctx.channel().attr(TlsFingerprint.KEY).set(TlsFingerprint.of(parsed.hello()));
            } else if (result instanceof ClientHello.NotAHello) {
                // The engine will refuse what is not TLS; a client that splits its hello simply
                // has no fingerprint.
                read = true;
            }
        }
        super.decode(ctx, in, out);
    }
}
