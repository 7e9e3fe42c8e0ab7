package io.vigil.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.MultiMap;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Reason;
import io.vigil.route.Route;

/**
 * One HTTP/1.x exchange proxied on Netty: the client's connection and a pooled upstream
 * connection on the same event loop, bodies streamed in both directions with back-pressure
 * (the client is read on demand; the upstream stops reading while the client cannot take more).
 * The HTTP/1.x front end feeds it the client's body and is told when the exchange is over.
 */
public final class Http1Proxy extends Deadlines.Entry {

    /** What the proxy needs from the client side's handler. */
    public interface ClientSide {
        /** Asks for the next piece of the request body. */
        void readBody();

        /** Called once: the exchange is over. {@code reusable}: the client connection may serve another request. */
        void done(boolean reusable);

        /** Called at most once, before any response byte: the front end renders the failure. */
        void failed(Reason reason, String detail);

        /** After a 101: the connection is a byte tunnel now; the front end must let go of it. */
        void tunnelled();
    }

    private final ChannelHandlerContext client;
    private final Exchange exchange;
    private final HttpRequest request;
    private final Route route;
    private final UpstreamPool pool;
    private final ClientSide side;
    private final String via;
    private final boolean upgrade;
    private final boolean clientKeepAlive;
    /** The client's HTTP version; the request object itself is rewritten to HTTP/1.1 for the upstream. */
    private final HttpVersion clientVersion;

    private int retriesLeft;
    private UpstreamTarget target;
    private Channel upstream;
    private boolean reusedConnection;
    private boolean breakerAcquired;
    private long sentAt;
    private long headersDeadline;
    private long totalDeadline;
    private long idleDeadline;
    private long bodyBytes;
    private boolean bodyStarted;
    private boolean requestComplete;
    private boolean waitingForUpstreamWritable;
    private boolean responseStarted;
    private boolean upstreamKeepAlive;
    private boolean finished;
    private boolean sawResponseByte;
    private boolean headPrepared;
    /** Queued in the pool for a connection to {@link #target}. */
    private boolean waiting;
    private boolean expectsContinue;

    /** The whole body, when a stage needed it buffered; null when it streams. */
    private final io.vertx.core.buffer.Buffer bufferedBody;
    private final BodySampler sampler;
    /** A copy of this response's body for the sampler, or null when none is wanted. */
    private SampleBuffer sample;
    private int sampleStatus;
    /** A copy of the request body for the sampler, or null. */
    private SampleBuffer requestSample;

    public Http1Proxy(ChannelHandlerContext client, Exchange exchange, HttpRequest request, ClientSide side, String via,
            io.vertx.core.buffer.Buffer bufferedBody) {
        this(client, exchange, request, side, via, bufferedBody, BodySampler.NONE);
    }

    /** @param sampler who wants copies of some response bodies (discovery) */
    public Http1Proxy(ChannelHandlerContext client, Exchange exchange, HttpRequest request, ClientSide side, String via,
            io.vertx.core.buffer.Buffer bufferedBody, BodySampler sampler) {
        this.sampler = sampler;
        this.bufferedBody = bufferedBody;
        this.client = client;
        this.exchange = exchange;
        this.request = request;
        this.route = exchange.route();
        this.pool = route.upstream();
        this.side = side;
        this.via = via;
        this.upgrade = route.websocket() && isWebSocketUpgrade(request);
        this.clientKeepAlive = HttpUtil.isKeepAlive(request);
        this.clientVersion = request.protocolVersion();
        this.retriesLeft = ProxyHandler.isIdempotent(io.vertx.core.http.HttpMethod.valueOf(request.method().name()))
                ? pool.config().retries() : 0;
    }

    /** A request body worth sampling: there is one, and a buffered one is not over the sampler's limit. */
    private boolean sampleableBody() {
        return bufferedBody != null ? bufferedBody.length() > 0 && bufferedBody.length() <= sampler.maxBytes()
                : HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
    }

    public void start() {
        if (sampler != BodySampler.NONE && !upgrade && sampleableBody()) {
            // Discovery is on: it records the body's media type, and a copy of some bodies.
            String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
            exchange.requestContentType(type);
            if (sampler.wantsRequest(exchange, type, request.headers().get(HttpHeaderNames.CONTENT_ENCODING))) {
                if (bufferedBody != null) {
                    sampler.sampledRequest(exchange, bufferedBody.getBytes());
                } else {
                    requestSample = new SampleBuffer(sampler.maxBytes());
                }
            }
        }
        long now = System.nanoTime();
        totalDeadline = now + pool.config().timeouts().total().toNanos();
        Deadlines.forLoop(client.channel().eventLoop()).add(this);
        connect(null);
    }

    // ---------------------------------------------------------------- upstream connection

    private void connect(UpstreamTarget exclude) {
        long now = System.nanoTime();
        target = pool.choose(now, exclude);
        if (target == null) {
            fail(Reason.UPSTREAM_UNAVAILABLE, "No healthy upstream target.");
            return;
        }
        if (!pool.breaker().tryAcquire(now)) {
            fail(Reason.CIRCUIT_OPEN, "The upstream is failing; its circuit breaker is open.");
            return;
        }
        breakerAcquired = true;
        UpstreamTarget chosen = target;
        chosen.acquired();
        exchange.upstreamTarget(chosen.url());
        Http1Connections connections = pool.http1();
        Channel idle = connections.pollIdle(chosen, now);
        if (idle != null) {
            reusedConnection = true;
            attach(idle);
            return;
        }
        if (connections.reserve(chosen)) {
            open(chosen);
            return;
        }
        if (connections.enqueue(chosen, this)) {
            // Every connection to this target is busy: wait for one (the deadlines still run).
            waiting = true;
            return;
        }
        chosen.released();
        fail(Reason.UPSTREAM_UNAVAILABLE, "Too many requests are waiting for this upstream.");
    }

    /** A busy connection came free while this exchange waited for one. */
    void handed(Channel channel) {
        waiting = false;
        if (finished) {
            pool.http1().release(target, channel, System.nanoTime());
            return;
        }
        reusedConnection = true;
        attach(channel);
    }

    /** A connection closed while this exchange waited: its slot is ours to open a new one. */
    void slotFreed() {
        waiting = false;
        if (finished) {
            pool.http1().unreserve(target);
            return;
        }
        open(target);
    }

    private void open(UpstreamTarget chosen) {
        Http1Connections connections = pool.http1();
        reusedConnection = false;
        EventLoop loop = client.channel().eventLoop();
        // An accepted socket's class is the transport's client socket class too (epoll or NIO).
        ChannelFuture connecting = connections.connect(loop, client.channel().getClass(), chosen);
        connecting.addListener((ChannelFutureListener) f -> {
            if (finished) {
                f.channel().close();
                chosen.released();
                return;
            }
            if (!f.isSuccess()) {
                chosen.released();
                long failedAt = System.nanoTime();
                pool.recordFailure(chosen, failedAt);
                pool.breaker().record(false, failedAt);
                breakerAcquired = false;
                // The connection never opened, so the upstream never saw this request.
                if (retriesLeft-- > 0) {
                    connect(chosen);
                } else if (f.cause() instanceof io.netty.channel.ConnectTimeoutException) {
                    fail(Reason.UPSTREAM_TIMEOUT, "Connecting to the upstream timed out.");
                } else {
                    fail(Reason.UPSTREAM_CONNECT_FAILED, "The upstream refused the connection.");
                }
                return;
            }
            attach(f.channel());
        });
    }

    private void attach(Channel channel) {
        upstream = channel;
        channel.pipeline().get(Http1UpstreamConnection.class).owner = this;
        channel.config().setAutoRead(true);
        sendHead();
    }

    private void sendHead() {
        // The decoded request becomes the upstream request: same object, headers edited in place.
        if (!headPrepared) {
            headPrepared = true;
            boolean chunked = HttpUtil.isTransferEncodingChunked(request);
            expectsContinue = HttpUtil.is100ContinueExpected(request);
            // The gateway answers the expectation itself, after the pipeline allowed the request.
            request.headers().remove(HttpHeaderNames.EXPECT);
            UpstreamHeaders.prepareRequest(exchange, (HeadersMultiMap) request.headers(), upgrade, via);
            if (bufferedBody != null) {
                // The length is known now, whatever framing the client used.
                request.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
                request.headers().set(HttpHeaderNames.CONTENT_LENGTH, bufferedBody.length());
            } else if (chunked) {
                request.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
            request.setUri(exchange.query() == null ? exchange.path() : exchange.path() + "?" + exchange.query());
            request.setProtocolVersion(HttpVersion.HTTP_1_1);
        }
        request.headers().set(HttpHeaderNames.HOST, target.authority());
        sentAt = System.nanoTime();
        headersDeadline = sentAt + pool.config().timeouts().responseHeaders().toNanos();
        // A failed write closes the connection, which upstreamClosed() handles.
        if (bufferedBody != null) {
            upstream.write(request, upstream.voidPromise());
            upstream.writeAndFlush(new io.netty.handler.codec.http.DefaultLastHttpContent(
                    io.netty.buffer.Unpooled.wrappedBuffer(bufferedBody.getBytes())), upstream.voidPromise());
            // A whole body in hand may be sent again on a fresh connection, so bodyStarted stays false.
            requestComplete = true;
            return;
        }
        if (requestComplete) {
            // A retry of a body-less request whose end was already read from the client: the
            // codec of the fresh connection needs its end too.
            upstream.write(request, upstream.voidPromise());
            upstream.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, upstream.voidPromise());
            return;
        }
        upstream.writeAndFlush(request, upstream.voidPromise());
        if (expectsContinue && !bodyStarted) {
            client.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE),
                    client.voidPromise());
        }
        // The first piece of the body (for a body-less request, its empty end) comes next.
        side.readBody();
    }

    // ---------------------------------------------------------------- request body

    /** A piece of the client's request body; the proxy owns it from here. */
    public void clientContent(HttpContent content) {
        if (finished || upstream == null) {
            content.release();
            return;
        }
        int bytes = content.content().readableBytes();
        if (bytes > 0) {
            // Only real bytes make a retry unsafe; an empty end can be sent again.
            bodyStarted = true;
        }
        bodyBytes += bytes;
        if (bodyBytes > route.maxBodyBytes()) {
            content.release();
            abort(Reason.BODY_TOO_LARGE, "The request body is larger than this route accepts.");
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (requestSample != null) {
            requestSample.add(content.content());
        }
        if (last) {
            requestComplete = true;
            if (requestSample != null) {
                byte[] copy = requestSample.bytes();
                requestSample = null;
                if (copy != null && copy.length > 0) {
                    sampler.sampledRequest(exchange, copy);
                }
            }
        }
        upstream.writeAndFlush(content, upstream.voidPromise());
        if (!last) {
            if (upstream.isWritable()) {
                side.readBody();
            } else {
                waitingForUpstreamWritable = true;
            }
        }
    }

    /** The client's body broke off mid-stream: never let the upstream see it end. */
    public void clientMalformed() {
        abort(Reason.MALFORMED_REQUEST, "The request body is not valid chunked encoding.");
    }

    void upstreamWritable() {
        if (waitingForUpstreamWritable && !finished) {
            waitingForUpstreamWritable = false;
            side.readBody();
        }
    }

    /** The client's connection can take more: let the upstream be read again. */
    public void clientWritable() {
        if (upstream != null && !finished) {
            idleDeadline = System.nanoTime() + pool.config().timeouts().idle().toNanos();
            upstream.config().setAutoRead(true);
        }
    }

    // ---------------------------------------------------------------- response

    void upstreamMessage(Object message) {
        if (finished) {
            ReferenceCountUtil.release(message);
            return;
        }
        sawResponseByte = true;
        idleDeadline = System.nanoTime() + pool.config().timeouts().idle().toNanos();
        if (message instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                ReferenceCountUtil.release(message);
                abort(Reason.UPSTREAM_PROTOCOL_ERROR, "The upstream sent an invalid response.");
                return;
            }
            int code = response.status().code();
            if (code < 200 && !(upgrade && code == 101)) {
                // Interim (100, 102, 103, ...): the final response follows. The empty chunk the
                // codec emits after it is dropped below, since no response has started.
                return;
            }
            respond(response);
        }
        if (message instanceof HttpContent content) {
            if (content.decoderResult().isFailure()) {
                // A broken body (bad chunk framing): the client must not see it end normally, and
                // the connection, its decoder stuck, must not go back to the pool.
                content.release();
                abort(Reason.UPSTREAM_PROTOCOL_ERROR, "The upstream sent an invalid response body.");
                return;
            }
            if (!responseStarted) {
                content.release();
                return;
            }
            boolean last = content instanceof LastHttpContent;
            exchange.addResponseBytes(content.content().readableBytes());
            if (sample != null) {
                sample.add(content.content());
            }
            if (last) {
                if (sample != null) {
                    byte[] body = sample.bytes();
                    sample = null;
                    if (body != null) {
                        sampler.sampled(exchange, sampleStatus, body);
                    }
                }
                // Handed to the transport: if the flush fails the connection closes, and the
                // client's handler sees that; waiting for it would cost a listener per request.
                client.writeAndFlush(content, client.voidPromise());
                complete(true);
            } else {
                client.write(content, client.voidPromise());
            }
            if (!last && !client.channel().isWritable()) {
                upstream.config().setAutoRead(false);
            }
        }
    }

    void upstreamReadComplete() {
        if (responseStarted && !finished) {
            client.flush();
        }
    }

    private void respond(HttpResponse response) {
        long now = System.nanoTime();
        headersDeadline = 0;
        exchange.upstreamNanos(now - sentAt);
        int status = response.status().code();
        boolean failure = status == 502 || status == 503 || status == 504;
        pool.breaker().record(!failure, now);
        breakerAcquired = false;
        if (failure) {
            pool.recordFailure(target, now);
        } else {
            pool.recordSuccess(target);
        }
        upstreamKeepAlive = HttpUtil.isKeepAlive(response);
        if (upgrade && status == 101) {
            tunnel(response);
            return;
        }
        io.netty.handler.codec.http.HttpHeaders headers = response.headers();
        boolean hasLength = headers.contains(HttpHeaderNames.CONTENT_LENGTH);
        if (sampler != BodySampler.NONE) {
            String type = headers.get(HttpHeaderNames.CONTENT_TYPE);
            exchange.responseContentType(type);
            if (sampler.wants(exchange, status, type, headers.get(HttpHeaderNames.CONTENT_ENCODING))) {
                sample = new SampleBuffer(sampler.maxBytes());
                sampleStatus = status;
            }
        }
        UpstreamHeaders.prepareResponse(exchange, headers, via);
        boolean bodyless = status == 204 || status == 304 || status < 200 || request.method() == HttpMethod.HEAD;
        boolean keepAlive = clientKeepAlive;
        if (!bodyless && !hasLength) {
            if (clientVersion == HttpVersion.HTTP_1_1) {
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            } else {
                keepAlive = false;
            }
        }
        if (!requestComplete) {
            // The upstream answered before the request body ended; the rest of it cannot be
            // skipped reliably, so this connection ends with the response.
            keepAlive = false;
        }
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (clientVersion == HttpVersion.HTTP_1_0) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        clientReusable = keepAlive;
        exchange.completed(status, Reason.ALLOWED);
        responseStarted = true;
        response.setProtocolVersion(clientVersion);
        client.write(response, client.voidPromise());
    }

    private boolean clientReusable;

    private void complete(boolean written) {
        if (finished) {
            return;
        }
        finished = true;
        Deadlines.remove(this);
        target.released();
        if (written && requestComplete && upstreamKeepAlive && upstream.isActive()) {
            pool.http1().release(target, upstream, System.nanoTime());
        } else {
            detachAndClose();
        }
        side.done(written && clientReusable);
    }

    // ---------------------------------------------------------------- WebSocket and other upgrades

    private void tunnel(HttpResponse response) {
        HeadersMultiMap headers = HeadersMultiMap.httpHeaders();
        for (var header : response.headers()) {
            headers.add(header.getKey(), header.getValue());
        }
        exchange.completed(101, Reason.ALLOWED);
        finished = true;
        Deadlines.remove(this);
        target.released();
        Channel upstreamChannel = upstream;
        Channel clientChannel = client.channel();
        upstreamChannel.config().setAutoRead(false);
        client.writeAndFlush(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS, headers))
                .addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        upstreamChannel.close();
                        side.done(false);
                        return;
                    }
                    side.tunnelled();
                    ChannelPipeline up = upstreamChannel.pipeline();
                    up.addLast(new TunnelRelay(clientChannel));
                    up.remove(Http1UpstreamConnection.class);
                    up.remove(HttpClientCodec.class);
                    TunnelRelay.install(clientChannel, upstreamChannel);
                    upstreamChannel.config().setAutoRead(true);
                    clientChannel.config().setAutoRead(true);
                    side.done(false);
                });
    }

    // ---------------------------------------------------------------- failures

    void upstreamClosed() {
        if (finished) {
            return;
        }
        if (!sawResponseByte && reusedConnection && !bodyStarted && retriesLeft >= 0
                && ProxyHandler.isIdempotent(io.vertx.core.http.HttpMethod.valueOf(request.method().name()))) {
            // A pooled keep-alive connection the upstream had already closed: the request never
            // reached it, so a fresh connection may carry it.
            target.released();
            if (breakerAcquired) {
                pool.breaker().release();
                breakerAcquired = false;
            }
            upstream = null;
            reusedConnection = false;
            connect(null);
            return;
        }
        abort(Reason.UPSTREAM_PROTOCOL_ERROR, "The upstream closed the connection.");
    }

    /** The client went away: drop the upstream side too. */
    public void clientClosed() {
        if (finished) {
            return;
        }
        exchange.completed(499, Reason.CLIENT_ABORTED);
        blame(Reason.CLIENT_ABORTED);
        finished = true;
        Deadlines.remove(this);
        if (target != null && upstream != null) {
            target.released();
        }
        detachAndClose();
        side.done(false);
    }

    @Override
    void check(long now) {
        if (finished) {
            return;
        }
        if (headersDeadline != 0 && now - headersDeadline > 0) {
            abort(Reason.UPSTREAM_TIMEOUT, "No response head from the upstream within "
                    + pool.config().timeouts().responseHeaders().toMillis() + " ms.");
        } else if (now - totalDeadline > 0) {
            abort(Reason.UPSTREAM_TIMEOUT, "The upstream exchange took longer than "
                    + pool.config().timeouts().total().toMillis() + " ms.");
        } else if (idleDeadline != 0 && responseStarted && upstream != null && upstream.config().isAutoRead()
                && now - idleDeadline > 0) {
            // Only while we read the upstream: a pause for a slow client is not the upstream idling.
            abort(Reason.UPSTREAM_TIMEOUT, "The upstream went quiet for "
                    + pool.config().timeouts().idle().toMillis() + " ms.");
        }
    }

    /**
     * Settles the breaker and passive ejection for an exchange that ends badly: the upstream's
     * faults count against it; anything else only gives a half-open trial back.
     */
    private void blame(Reason reason) {
        if (waiting) {
            waiting = false;
            pool.http1().cancel(target, this);
            target.released();
        }
        long now = System.nanoTime();
        boolean upstreamFault = reason == Reason.UPSTREAM_TIMEOUT || reason == Reason.UPSTREAM_PROTOCOL_ERROR;
        if (upstreamFault && target != null && upstream != null) {
            pool.recordFailure(target, now);
        }
        if (breakerAcquired) {
            breakerAcquired = false;
            if (upstreamFault) {
                pool.breaker().record(false, now);
            } else {
                pool.breaker().release();
            }
        }
    }

    private void abort(Reason reason, String detail) {
        if (finished) {
            return;
        }
        blame(reason);
        if (responseStarted) {
            // The status is already out: the client must see a broken stream, not a short body
            // that looks complete.
            exchange.completed(exchange.status(), reason);
            finished = true;
            Deadlines.remove(this);
            target.released();
            detachAndClose();
            client.close();
            side.done(false);
            return;
        }
        fail(reason, detail);
    }

    private void fail(Reason reason, String detail) {
        if (finished) {
            return;
        }
        finished = true;
        Deadlines.remove(this);
        blame(reason);
        if (target != null && upstream != null) {
            target.released();
        }
        detachAndClose();
        side.failed(reason, detail);
    }

    private void detachAndClose() {
        Channel channel = upstream;
        upstream = null;
        if (channel != null) {
            Http1UpstreamConnection connection = channel.pipeline().get(Http1UpstreamConnection.class);
            if (connection != null) {
                connection.owner = null;
            }
            channel.close();
        }
    }

    public boolean finished() {
        return finished;
    }

    static boolean isWebSocketUpgrade(HttpRequest request) {
        String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket") && request.protocolVersion() == HttpVersion.HTTP_1_1;
    }

}
