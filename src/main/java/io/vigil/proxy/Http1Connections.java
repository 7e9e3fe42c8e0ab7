package io.vigil.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Keep-alive HTTP/1.1 connections to one upstream pool's targets, per event loop, so an exchange
 * and its upstream connection always share a thread and need no locks. Idle connections older
 * than the pool's keep-alive are closed instead of reused.
 */
final class Http1Connections {

    /**
     * Upstream responses are parsed into the same validating header map the client side uses
     * (Vert.x's), whose table is made on the first add: Netty's default made a 16-slot table for
     * every response and another for the empty trailers of every body, the largest single share
     * of the proxy's garbage.
     */
    private static final io.netty.handler.codec.http.HttpHeadersFactory HEADERS = new io.netty.handler.codec.http.HttpHeadersFactory() {
        @Override
        public io.netty.handler.codec.http.HttpHeaders newHeaders() {
            return io.vertx.core.http.impl.headers.HeadersMultiMap.httpHeaders();
        }

        @Override
        public io.netty.handler.codec.http.HttpHeaders newEmptyHeaders() {
            return io.vertx.core.http.impl.headers.HeadersMultiMap.httpHeaders();
        }
    };
    private static final io.netty.handler.codec.http.HttpDecoderConfig DECODER = new io.netty.handler.codec.http.HttpDecoderConfig()
            .setMaxInitialLineLength(4096).setMaxHeaderSize(64 * 1024).setMaxChunkSize(16 * 1024)
            .setHeadersFactory(HEADERS).setTrailersFactory(HEADERS);

    private final UpstreamPool pool;
    private final long keepAliveNanos;
    private final int connectMillis;
    /** One event loop's connections to one target: idle ones, how many are open, who waits. */
    private static final class PerTarget {
        final ArrayDeque<Channel> idle = new ArrayDeque<>();
        final ArrayDeque<Http1Proxy> waiters = new ArrayDeque<>();
        int open;
    }

    private final ThreadLocal<Map<UpstreamTarget, PerTarget>> perLoop = ThreadLocal.withInitial(HashMap::new);
    private final ChannelGroup all = new DefaultChannelGroup("vigil-upstream", GlobalEventExecutor.INSTANCE);
    private volatile SslContext ssl;

    private final io.netty.resolver.AddressResolverGroup<?> resolver;

    /** @param resolver non-blocking DNS (Vert.x's), so a target host name never blocks a loop */
    Http1Connections(UpstreamPool pool, io.netty.resolver.AddressResolverGroup<?> resolver) {
        this.pool = pool;
        this.resolver = resolver;
        this.keepAliveNanos = pool.config().pool().keepAlive().toNanos();
        this.connectMillis = (int) Math.min(Integer.MAX_VALUE, pool.config().timeouts().connect().toMillis());
    }

    private PerTarget of(UpstreamTarget target) {
        return perLoop.get().computeIfAbsent(target, t -> new PerTarget());
    }

    /** An idle, live connection to {@code target} on the calling loop, or null. */
    Channel pollIdle(UpstreamTarget target, long nowNanos) {
        ArrayDeque<Channel> channels = of(target).idle;
        Channel channel;
        while ((channel = channels.pollLast()) != null) {
            Http1UpstreamConnection connection = channel.pipeline().get(Http1UpstreamConnection.class);
            if (channel.isActive() && connection != null && nowNanos - connection.lastUsedNanos < keepAliveNanos) {
                return channel;
            }
            channel.close();
        }
        return null;
    }

    /**
     * Takes a slot for a new connection if fewer than {@code pool.maxConnections} are open to
     * {@code target} on this loop. The slot is given back when that connection closes.
     */
    boolean reserve(UpstreamTarget target) {
        PerTarget state = of(target);
        if (state.open >= pool.config().pool().maxConnections()) {
            return false;
        }
        state.open++;
        return true;
    }

    /** Gives back a slot whose connection was never opened. */
    void unreserve(UpstreamTarget target) {
        closed(target);
    }

    /** Waits for a connection; false when the wait queue is full too. */
    boolean enqueue(UpstreamTarget target, Http1Proxy waiter) {
        PerTarget state = of(target);
        if (state.waiters.size() >= pool.config().pool().maxWaitQueue()) {
            return false;
        }
        state.waiters.addLast(waiter);
        return true;
    }

    void cancel(UpstreamTarget target, Http1Proxy waiter) {
        of(target).waiters.remove(waiter);
    }

    /** Returns a connection whose exchange ended cleanly: to the first waiter, else to the idle set. */
    void release(UpstreamTarget target, Channel channel, long nowNanos) {
        Http1UpstreamConnection connection = channel.pipeline().get(Http1UpstreamConnection.class);
        if (connection == null || !channel.isActive()) {
            channel.close();
            return;
        }
        connection.owner = null;
        connection.lastUsedNanos = nowNanos;
        PerTarget state = of(target);
        Http1Proxy waiter = state.waiters.pollFirst();
        if (waiter != null) {
            waiter.handed(channel);
            return;
        }
        state.idle.addLast(channel);
    }

    /** A connection to {@code target} closed (or failed to open): its slot may serve a waiter. */
    private void closed(UpstreamTarget target) {
        PerTarget state = of(target);
        state.open--;
        Http1Proxy waiter = state.waiters.pollFirst();
        if (waiter != null) {
            state.open++;
            waiter.slotFreed();
        }
    }

    ChannelFuture connect(EventLoop loop, Class<? extends Channel> type, UpstreamTarget target) {
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(type)
                .resolver(resolver)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) throws SSLException {
                        if (target.ssl()) {
                            SSLEngine engine = sslContext().newEngine(channel.alloc(), target.host(), target.port());
                            SSLParameters parameters = engine.getSSLParameters();
                            parameters.setEndpointIdentificationAlgorithm("HTTPS");
                            engine.setSSLParameters(parameters);
                            channel.pipeline().addLast(new SslHandler(engine));
                        }
                        channel.pipeline().addLast(new HttpClientCodec(DECODER, false, false));
                        channel.pipeline().addLast(Http1UpstreamConnection.NAME, new Http1UpstreamConnection());
                    }
                });
        ChannelFuture future = bootstrap.connect(target.host(), target.port());
        all.add(future.channel());
        // Runs on this loop, like everything that touches its per-target state.
        future.channel().closeFuture().addListener(f -> closed(target));
        return future;
    }

    private SslContext sslContext() throws SSLException {
        SslContext context = ssl;
        if (context == null) {
            context = SslContextBuilder.forClient().build();
            ssl = context;
        }
        return context;
    }

    void close() {
        all.close();
    }
}
