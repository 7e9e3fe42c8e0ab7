package io.vigil.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.AsyncResult;
import io.vertx.core.MultiMap;
import io.vigil.config.Runtime;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Reason;
import io.vigil.problem.ProblemResponse;
import io.vigil.proxy.Http1Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.x front end, on Netty directly: one request at a time per connection, read on
 * demand (auto-read is off and undelivered messages wait in a queue), so a pipelined
 * request waits until the one before it is answered and a request body is read only as fast as
 * the upstream takes it.
 */
final class Http1Handler extends ChannelInboundHandlerAdapter implements Http1Proxy.ClientSide {

    private static final Logger LOG = LoggerFactory.getLogger(Http1Handler.class);

    private final FrontDoor door;
    private final String peer;
    private final boolean ssl;

    private ChannelHandlerContext ctx;
    private Exchange exchange;
    private Http1Proxy proxy;
    /** The current request's body has been read to its end (forwarded or thrown away). */
    private boolean bodyDone;
    /** The response is out; waiting only for the body's end to read the next request. */
    private boolean responded;
    private boolean keepAlive;
    private static final int PAUSE_AT = 8;
    private static final int RESUME_BELOW = 2;

    private boolean tunnelled;
    private boolean demand;
    private boolean paused;
    private boolean closing;
    private io.vigil.pipeline.Pipeline pipeline;
    private HttpRequest request;
    /** The body being collected for a stage that reads it; null while streaming. */
    private io.netty.buffer.CompositeByteBuf buffered;
    private final java.util.ArrayDeque<Object> pending = new java.util.ArrayDeque<>(4);

    // The TLS session's client certificate and ClientHello fingerprint, read once per connection
    // (neither can change).
    private io.vigil.auth.mtls.ClientCertificate certificate;
    private io.vigil.server.tls.TlsFingerprint tlsFingerprint;
    private boolean tlsRead;

    private void readTls() {
        if (!tlsRead) {
            tlsRead = true;
            io.netty.handler.ssl.SslHandler tls = ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class);
            certificate = tls == null ? null : io.vigil.auth.mtls.ClientCertificate.of(tls.engine().getSession());
            tlsFingerprint = io.vigil.server.tls.TlsFingerprint.of(ctx.channel());
        }
    }

    /** Nanos a connection may sit with no request in progress and nothing read. */
    private final long idleNanos;
    /** When the last exchange ended (or the connection opened): idle time counts from here too. */
    private long quietSince = System.nanoTime();

    Http1Handler(FrontDoor door, String peer, boolean ssl, java.time.Duration idleTimeout) {
        this.door = door;
        this.peer = peer;
        this.ssl = ssl;
        this.idleNanos = idleTimeout.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        demand = true;
    }

    /**
     * Asks for the next message. The socket is read eagerly (toggling interest in reads costs
     * two system calls per request), but messages nobody asked for wait in {@link #pending}, so
     * a body never arrives before the exchange is ready for it and a pipelined request waits for
     * the one before it. When too much waits, reading stops until it drains: back-pressure.
     */
    private void request() {
        Object next = pending.poll();
        if (next != null) {
            if (paused && pending.size() <= RESUME_BELOW) {
                paused = false;
                ctx.channel().config().setAutoRead(true);
            }
            dispatch(next);
            return;
        }
        demand = true;
        if (paused) {
            paused = false;
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (demand && pending.isEmpty()) {
            demand = false;
            dispatch(msg);
            return;
        }
        pending.add(msg);
        if (!paused && pending.size() >= PAUSE_AT) {
            paused = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void dispatch(Object msg) {
        if (closing) {
            // This connection ends with the response already decided; nothing behind it runs.
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            if (exchange != null) {
                // Flow control makes this impossible; if it happens, the framing is lost.
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            onRequest(request);
            if (msg instanceof HttpContent content) {
                onContent(content);
            }
            return;
        }
        if (msg instanceof HttpContent content) {
            onContent(content);
            return;
        }
        ReferenceCountUtil.release(msg);
    }

    private void onRequest(HttpRequest request) {
        responsePending(true);
        this.request = null;
        bodyDone = false;
        responded = false;
        keepAlive = HttpUtil.isKeepAlive(request);
        if (request.decoderResult().isFailure()) {
            exchange = door.invalidExchange(request.method().name(), peer);
            keepAlive = false;
            deny(FrontDoor.invalid(request.decoderResult().cause()));
            return;
        }
        Runtime runtime = door.runtime();
        MultiMap headers = (MultiMap) request.headers();
        String host = headers.get("host");
        try {
            exchange = door.exchange(runtime, request.method().name(), request.uri(), ssl, host, headers, peer, null);
        } catch (RuntimeException e) {
            // Whatever the request did to us, it gets an answer and a log line, not a hang.
            exchange = door.invalidExchange(request.method().name(), peer);
            keepAlive = false;
            deny(Decision.deny(Reason.MALFORMED_REQUEST, "The request head could not be read."));
            return;
        }
        if ((host != null || request.protocolVersion() == HttpVersion.HTTP_1_1) && exchange.authority() == null) {
            keepAlive = false;
            deny(Decision.deny(Reason.MALFORMED_REQUEST,
                    "The request needs exactly one valid Host header (a name or address, no trailing dot)."));
            return;
        }
        if (ssl) {
            readTls();
            exchange.clientCertificate(certificate);
            exchange.tlsFingerprint(tlsFingerprint);
        }
        Exchange current = exchange;
        pipeline = runtime.pipeline();
        this.request = request;
        pipeline.runHead(current).onComplete(ar -> onLoop(() -> decided(current, ar, true)));
    }

    /** Pipeline continuations may complete on another thread (I/O); the exchange lives on ours. */
    private void onLoop(Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }

    private void decided(Exchange current, AsyncResult<Decision> ar, boolean headOnly) {
        if (current != exchange) {
            return;
        }
        if (!ctx.channel().isActive()) {
            // The client left while a stage was working: nothing to send, nothing to proxy.
            abandon();
            return;
        }
        if (ar.failed()) {
            LOG.error("pipeline failed for request {}; failing closed", current.requestId(), ar.cause());
            deny(Decision.deny(Reason.INTERNAL_ERROR, "The gateway could not check this request."));
        } else if (ar.result() instanceof Decision.Deny denial) {
            deny(denial);
        } else if (headOnly && pipeline.needsBody()) {
            // A later stage reads the body: buffer it (up to the route's limit), then go on.
            buffered = io.netty.buffer.Unpooled.compositeBuffer(64);
            if (HttpUtil.is100ContinueExpected(request)) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE),
                        ctx.voidPromise());
            }
            request();
        } else {
            proxy = new Http1Proxy(ctx, current, request, this, door.via(), current.body(), door.sampler());
            proxy.start();
        }
    }

    private void buffer(HttpContent content) {
        buffered.addComponent(true, content.content().retain());
        content.release();
        if (buffered.readableBytes() > exchange.route().maxBodyBytes()) {
            buffered.release();
            buffered = null;
            keepAlive = false;
            deny(Decision.deny(Reason.BODY_TOO_LARGE, "The request body is larger than this route accepts."));
            return;
        }
        if (!(content instanceof LastHttpContent)) {
            request();
            return;
        }
        bodyDone = true;
        exchange.body(io.vertx.core.buffer.Buffer.buffer(io.netty.buffer.ByteBufUtil.getBytes(buffered)));
        buffered.release();
        buffered = null;
        Exchange current = exchange;
        pipeline.runBody(current).onComplete(ar -> onLoop(() -> decided(current, ar, false)));
    }

    private void onContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            // A broken chunk: the body can't be trusted, and the upstream must not see it end.
            content.release();
            keepAlive = false;
            bodyDone = true;
            if (proxy != null && !proxy.finished()) {
                proxy.clientMalformed();
            } else if (!responded && exchange != null && exchange.denial() == null) {
                deny(Decision.deny(Reason.MALFORMED_REQUEST, "The request body is not valid chunked encoding."));
            } else {
                ctx.close();
            }
            return;
        }
        if (buffered != null) {
            buffer(content);
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (proxy != null && !proxy.finished()) {
            if (last) {
                bodyDone = true;
            }
            proxy.clientContent(content);
            return;
        }
        // No one wants this body (denied, or the exchange already ended): drop it.
        content.release();
        if (last) {
            bodyDone = true;
            if (responded) {
                next();
            }
        } else if (exchange != null) {
            request();
        }
    }

    private void deny(Decision.Deny denial) {
        if (request != null && !bodyDone && HttpUtil.is100ContinueExpected(request)) {
            // The client was never told to send its body and may never send it: the only
            // unambiguous end of this request is the end of the connection.
            keepAlive = false;
        }
        exchange.denied(denial);
        ProblemResponse problem = door.renderer().render(exchange, denial);
        boolean close = problem.close() || !keepAlive;
        byte[] body = problem.bodyBytes();
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(problem.status()), Unpooled.wrappedBuffer(body));
        for (int i = 0; i < problem.headers().size(); i += 2) {
            response.headers().add(problem.headers().get(i), problem.headers().get(i + 1));
        }
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        Exchange denied = exchange;
        if (close) {
            closing = true;
        }
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
            door.complete(denied);
            if (close || !f.isSuccess()) {
                ctx.close();
            }
        });
        if (!close) {
            answered();
        }
    }

    /** The response is written: read on, either the rest of the body or the next request. */
    private void answered() {
        responded = true;
        if (bodyDone) {
            next();
        } else {
            request();
        }
    }

    private void next() {
        quietSince = System.nanoTime();
        exchange = null;
        proxy = null;
        request = null;
        responsePending(false);
        request();
    }

    /** While a response is owed, a partial next head is the gateway's wait, not a slow client. */
    private void responsePending(boolean pending) {
        StrictRequestDecoder decoder = ctx.pipeline().get(StrictRequestDecoder.class);
        if (decoder != null) {
            decoder.responsePending(pending);
        }
    }

    // ------------------------------------------------------------------ Http1Proxy.ClientSide

    @Override
    public void readBody() {
        request();
    }

    @Override
    public void done(boolean reusable) {
        Exchange finished = exchange;
        if (finished != null) {
            door.complete(finished);
        }
        if (tunnelled) {
            return;
        }
        if (!reusable || !keepAlive || !bodyDone) {
            closing = true;
            // Behind the response's last write, so nothing still queued is thrown away.
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        next();
    }

    @Override
    public void failed(Reason reason, String detail) {
        if (!bodyDone) {
            keepAlive = false;
        }
        proxy = null;
        deny(Decision.deny(reason, detail));
    }

    @Override
    public void tunnelled() {
        tunnelled = true;
    }

    // ------------------------------------------------------------------ connection events

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && proxy != null) {
            proxy.clientWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeld();
        if (proxy != null) {
            proxy.clientClosed();
        } else {
            abandon();
        }
        ctx.fireChannelInactive();
    }

    /** Logs the current exchange as the client's abort, unless it was answered already. */
    private void abandon() {
        Exchange current = exchange;
        if (current != null && current.endNanos() == 0) {
            if (current.status() == 0) {
                current.completed(499, Reason.CLIENT_ABORTED);
            }
            door.complete(current);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // Also when a WebSocket tunnel takes the connection over.
        releaseHeld();
    }

    private void releaseHeld() {
        if (buffered != null) {
            buffered.release();
            buffered = null;
        }
        Object leftover;
        while ((leftover = pending.poll()) != null) {
            ReferenceCountUtil.release(leftover);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            closeIfIdle();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    /**
     * The idle handler counts reads only, and a response that took long is not idleness: the
     * connection closes once it has also been quiet for the idle time since its last exchange,
     * checked again then if that exchange ended recently.
     */
    private void closeIfIdle() {
        if (exchange != null || !ctx.channel().isActive()) {
            return;
        }
        long left = idleNanos - (System.nanoTime() - quietSince);
        io.netty.channel.ChannelOutboundBuffer unsent = ctx.channel().unsafe().outboundBuffer();
        if (left <= 0 && (unsent != null && unsent.totalPendingWriteBytes() > 0 || !ctx.channel().isWritable())) {
            // The last response is still going out to a slow reader: that is not idleness.
            left = idleNanos;
        }
        if (left <= 0) {
            ctx.close();
        } else {
            ctx.executor().schedule(this::closeIfIdle, left, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection from {} failed: {}", peer, cause.toString());
        ctx.close();
    }
}
