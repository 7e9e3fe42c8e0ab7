package io.vigil.server.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JDK TLS engine as Vert.x configures it, with one difference: server connections get a
 * {@link FingerprintingSslHandler}, so the gateway knows each client's {@link TlsFingerprint}.
 * Vert.x offers no hook in front of its TLS handler, but it builds that handler through the
 * SSL context this factory makes; everything else (keys, trust, ALPN, ciphers) is the default
 * factory's.
 */
public final class FingerprintingTls extends JdkSSLEngineOptions {

    public FingerprintingTls() {
    }

    private FingerprintingTls(FingerprintingTls other) {
        super(other);
    }

    @Override
    public FingerprintingTls copy() {
        return new FingerprintingTls(this);
    }

    @Override
    public SslContextFactory sslContextFactory() {
        return new Factory(super.sslContextFactory());
    }

    private static final class Factory implements SslContextFactory {
        private final SslContextFactory delegate;
        private boolean client;

        Factory(SslContextFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public SslContextFactory useAlpn(boolean useAlpn) {
            delegate.useAlpn(useAlpn);
            return this;
        }

        @Override
        public SslContextFactory clientAuth(ClientAuth clientAuth) {
            delegate.clientAuth(clientAuth);
            return this;
        }

        @Override
        public SslContextFactory forClient(boolean forClient) {
            client = forClient;
            delegate.forClient(forClient);
            return this;
        }

        @Override
        public SslContextFactory keyMananagerFactory(KeyManagerFactory factory) {
            delegate.keyMananagerFactory(factory);
            return this;
        }

        @Override
        public SslContextFactory trustManagerFactory(TrustManagerFactory factory) {
            delegate.trustManagerFactory(factory);
            return this;
        }

        @Override
        public SslContextFactory enabledCipherSuites(Set<String> suites) {
            delegate.enabledCipherSuites(suites);
            return this;
        }

        @Override
        public SslContextFactory applicationProtocols(List<String> protocols) {
            delegate.applicationProtocols(protocols);
            return this;
        }

        @Override
        public SslContextFactory serverName(String name) {
            delegate.serverName(name);
            return this;
        }

        @Override
        public SslContext create() throws SSLException {
            SslContext context = delegate.create();
            return client ? context : new ServerContext(context);
        }
    }

    /** Hands out fingerprinting handlers; the engines are the wrapped context's, untouched. */
    private static final class ServerContext extends DelegatingSslContext {
        ServerContext(SslContext context) {
            super(context);
        }

        @Override
        protected void initEngine(SSLEngine engine) {
        }

        @Override
        protected SslHandler newHandler(ByteBufAllocator alloc, boolean startTls, Executor executor) {
            return new FingerprintingSslHandler(newEngine(alloc), startTls, executor);
        }

        @Override
        protected SslHandler newHandler(ByteBufAllocator alloc, String peerHost, int peerPort, boolean startTls,
                Executor executor) {
            return new FingerprintingSslHandler(newEngine(alloc, peerHost, peerPort), startTls, executor);
        }
    }
}
