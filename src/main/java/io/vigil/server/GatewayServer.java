package io.vigil.server;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import io.vigil.config.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data-plane listener: one Vert.x server per event loop sharing the port. HTTP/1.1, h2 over
 * TLS with ALPN, optional PROXY protocol. Each new HTTP/1.x
 * connection gets the {@link StrictRequestDecoder} in place of the default one.
 */
public final class GatewayServer {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

    private final Vertx vertx;
    private final ServerConfig config;
    private final GatewayHandler handler;
    private final FrontDoor door;
    private final List<HttpServer> servers = new ArrayList<>();

    public GatewayServer(Vertx vertx, ServerConfig config, GatewayHandler handler, FrontDoor door) {
        this.vertx = vertx;
        this.config = config;
        this.handler = handler;
        this.door = door;
    }

    /**
     * Listens with one server per event loop. Each is started from its own verticle instance, so
     * each gets its own event-loop context: servers created from one non-Vert.x thread would all
     * share that thread's one context, and every connection would land on a single loop.
     */
    public Future<Integer> start(int instances) {
        HttpServerOptions options = options(config);
        SocketAddress address = Listen.parse(config.listen());
        return vertx.deployVerticle(() -> new io.vertx.core.AbstractVerticle() {
            @Override
            public void start(io.vertx.core.Promise<Void> started) {
                HttpServer server = vertx.createHttpServer(options)
                        .requestHandler(handler)
                        .invalidRequestHandler(handler::handleInvalid)
                        .connectionHandler(GatewayServer.this::onConnection)
                        .exceptionHandler(e -> LOG.debug("connection error: {}", e.toString()));
                synchronized (servers) {
                    servers.add(server);
                }
                server.listen(address).<Void>mapEmpty().onComplete(started);
            }
        }, new io.vertx.core.DeploymentOptions().setInstances(instances))
                .map(id -> {
                    synchronized (servers) {
                        return servers.get(0).actualPort();
                    }
                });
    }

    public Future<Void> stop() {
        List<Future<Void>> closed = new ArrayList<>();
        List<HttpServer> all;
        synchronized (servers) {
            all = List.copyOf(servers);
        }
        for (HttpServer server : all) {
            closed.add(server.close());
        }
        return Future.all(closed).mapEmpty();
    }

    private void onConnection(HttpConnection connection) {
        if (config.proxyProtocol()) {
            SocketAddress real = connection.remoteAddress(true);
            String peer = real == null ? null : real.hostAddress();
            if (!door.runtime().trustedProxies().contains(peer)) {
                // A PROXY header is only believed from a trusted proxy; anyone else is refused.
                LOG.warn("closing connection from {}: PROXY protocol header from an untrusted peer", peer);
                connection.close();
                return;
            }
        }
        if (connection instanceof ConnectionBase base) {
            ChannelPipeline pipeline = base.channel().pipeline();
            boolean http1 = connection.getClass().getSimpleName().startsWith("Http1x");
            if (http1 && (pipeline.get("httpDecoder") == null || pipeline.get("handler") == null)) {
                // The handlers this depends on are Vert.x internals; if they move, an HTTP/1.x
                // connection would be served without the strict decoder. Fail closed.
                LOG.error("cannot install the strict HTTP/1.x handlers (Vert.x pipeline changed?); closing connection");
                connection.close();
                return;
            }
            if (http1) {
                // HTTP/1.x: measured, Vert.x's request objects cost more per request than the
                // whole gateway pipeline, so these connections are served by our own Netty
                // handlers; Vert.x keeps accepting, TLS, ALPN, PROXY protocol and HTTP/2.
                var remote = connection.remoteAddress();
                String peer = remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
                pipeline.replace("httpDecoder", "httpDecoder",
                        new StrictRequestDecoder(config.limits(), () -> door.headTimedOut(peer)));
                pipeline.replace("httpEncoder", "httpEncoder", new HttpResponseEncoder());
                pipeline.replace("handler", "vigil", new Http1Handler(door, peer, connection.isSsl(), config.idleTimeout()));
                trimForProxying(pipeline);
            }
        }
    }

    /**
     * Takes out what Vert.x adds for its own request objects and the gateway does not use, each a
     * cost on every request: WebSocket compression negotiation (a WebSocket is a byte tunnel to its
     * upstream here, whose own extensions pass through untouched), and an idle handler that watches
     * writes too, which puts a listener on every write. Idleness is judged on reads only; the
     * handler knows when its last exchange ended.
     */
    private void trimForProxying(ChannelPipeline pipeline) {
        if (pipeline.get("webSocketExtensionHandler") != null) {
            pipeline.remove("webSocketExtensionHandler");
        }
        io.netty.handler.timeout.IdleStateHandler idle = pipeline.get(io.netty.handler.timeout.IdleStateHandler.class);
        if (idle != null) {
            pipeline.remove(idle);
        }
        long millis = config.idleTimeout().toMillis();
        if (millis > 0) {
            // Before the decoder, so every byte read counts, not only whole requests.
            pipeline.addBefore("httpDecoder", "idle", new io.netty.handler.timeout.IdleStateHandler(millis, 0, 0, TimeUnit.MILLISECONDS));
        }
    }

    static HttpServerOptions options(ServerConfig config) {
        ServerConfig.LimitsConfig limits = config.limits();
        HttpServerOptions options = new HttpServerOptions()
                .setMaxInitialLineLength(limits.maxUriLength() + 32)
                .setMaxHeaderSize(limits.maxHeaderSize().intBytes())
                .setIdleTimeout((int) config.idleTimeout().toSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setTcpNoDelay(true)
                .setCompressionSupported(false)
                .setDecompressionSupported(false)
                .setHandle100ContinueAutomatically(false)
                // Cleartext HTTP/2 stays off: Vert.x's h2c handling builds an HTTP/1.1 pipeline
                // that the strict decoder cannot be put into.
                .setHttp2ClearTextEnabled(false)
                .setUseProxyProtocol(config.proxyProtocol())
                .setProxyProtocolTimeout(limits.headerReadTimeout().toMillis())
                .setProxyProtocolTimeoutUnit(TimeUnit.MILLISECONDS)
                .setInitialSettings(new Http2Settings()
                        .setMaxConcurrentStreams(limits.http2MaxConcurrentStreams())
                        .setMaxHeaderListSize(limits.maxHeaderSize().intBytes()))
                .setHttp2RstFloodMaxRstFramePerWindow(limits.http2MaxResetsPerWindow())
                .setHttp2RstFloodWindowDuration((int) limits.http2ResetWindow().toSeconds())
                .setHttp2RstFloodWindowDurationTimeUnit(TimeUnit.SECONDS)
                .setReuseAddress(true)
                .setReusePort(true);
        if (config.tls() != null) {
            options.setSsl(true)
                    .setSslEngineOptions(new io.vigil.server.tls.FingerprintingTls())
                    .setKeyCertOptions(new PemKeyCertOptions().setCertPath(config.tls().cert()).setKeyPath(config.tls().key()));
            ServerConfig.TlsConfig tls = config.tls();
            if (tls.clientAuth() != ServerConfig.ClientAuth.NONE) {
                // The handshake verifies the chain (and the CRL); authenticators only read the result.
                options.setClientAuth(tls.clientAuth() == ServerConfig.ClientAuth.REQUIRED
                        ? io.vertx.core.http.ClientAuth.REQUIRED : io.vertx.core.http.ClientAuth.REQUEST)
                        .setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(tls.clientCa()));
                if (tls.crl() != null) {
                    options.addCrlPath(tls.crl());
                }
            }
            if (config.http2()) {
                options.setUseAlpn(true).setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
            }
        }
        return options;
    }
}
