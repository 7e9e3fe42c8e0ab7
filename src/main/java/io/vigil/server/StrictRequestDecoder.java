package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import io.vigil.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/1.x request decoder, stricter than Netty's default where requests get smuggled:
 * both {@code Content-Length} and {@code Transfer-Encoding}, repeated {@code Content-Length},
 * a transfer coding other than a lone {@code chunked}, obs-fold continuation lines, bare CR or
 * LF and NUL in the head are all rejected (the request becomes an invalid message, which the
 * server answers with 400 and a closed connection). It also enforces the header-read timeout
 * (408) and the body-idle timeout, which stop slow clients from holding connections.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

    private static final byte[] REQUEST_TIMEOUT = requestTimeout();

    private final long headerReadNanos;
    private final long bodyIdleNanos;

    // Head scanning state; offsets are counted from the first byte of the current head.
    private boolean inHead = true;
    private int scanned;
    private int consumed;
    private boolean sawRequestLine;
    private boolean lineHasContent;
    private byte previous;
    private boolean headComplete;
    private boolean failed;
    private boolean responsePending;

    private long headStartedAt;
    private long lastBodyRead;
    private ScheduledFuture<?> timer;

    /** Told when a slow head is cut off, so the 408 is in the decision log too; may be null. */
    private final Runnable onHeadTimeout;

    StrictRequestDecoder(ServerConfig.LimitsConfig limits, Runnable onHeadTimeout) {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxUriLength() + 32)
                .setMaxHeaderSize(limits.maxHeaderSize().intBytes())
                .setMaxChunkSize(16 * 1024)
                .setValidateHeaders(true)
                .setAllowDuplicateContentLengths(false)
                .setStrictLineParsing(true));
        this.onHeadTimeout = onHeadTimeout;
        this.headerReadNanos = limits.headerReadTimeout().toNanos();
        this.bodyIdleNanos = limits.bodyIdleTimeout().toNanos();
    }

    private static byte[] requestTimeout() {
        String body = "{\"type\":\"https://vigil.dev/problems/request-timeout\",\"title\":\"Request timed out\","
                + "\"status\":408,\"detail\":\"The request head was not received in time.\",\"reason\":\"request_timeout\"}";
        return ("HTTP/1.1 408 Request Timeout\r\nContent-Type: application/problem+json\r\nConnection: close\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    protected HttpMessage createMessage(String[] initialLine) {
        return new DefaultHttpRequest(HttpVersion.valueOf(initialLine[2]), HttpMethod.valueOf(initialLine[0]),
                initialLine[1], HeadersMultiMap.httpHeaders());
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        // RFC 9112 §6.1 lets a server drop Content-Length here; a gateway must not guess.
        throw new IllegalArgumentException("both Content-Length and Transfer-Encoding");
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage message) {
        // Called once all headers are read: the place to judge them together.
        List<String> codings = message.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!codings.isEmpty() && (codings.size() > 1 || !codings.get(0).trim().equalsIgnoreCase("chunked"))) {
            throw new IllegalArgumentException("unsupported Transfer-Encoding");
        }
        if (message.protocolVersion() == HttpVersion.HTTP_1_0 && !codings.isEmpty()) {
            throw new IllegalArgumentException("Transfer-Encoding in HTTP/1.0");
        }
        return super.isContentAlwaysEmpty(message);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (inHead && !headComplete) {
            String problem = scanHead(in);
            if (problem != null) {
                failed = true;
                cancelTimer();
                in.skipBytes(in.readableBytes());
                HttpMessage invalid = createInvalidMessage();
                invalid.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(problem)));
                out.add(invalid);
                return;
            }
        }
        int before = out.size();
        int readerBefore = in.readerIndex();
        super.decode(ctx, in, out);
        consumed += in.readerIndex() - readerBefore;
        for (int i = before; i < out.size(); i++) {
            Object message = out.get(i);
            if (message instanceof HttpRequest request) {
                inHead = false;
                cancelTimer();
                if (request.decoderResult().isFailure()) {
                    failed = true;
                }
            }
            if (message instanceof LastHttpContent) {
                startNextHead();
            }
        }
        armTimer(ctx);
    }

    private void startNextHead() {
        inHead = true;
        scanned = 0;
        consumed = 0;
        sawRequestLine = false;
        lineHasContent = false;
        previous = 0;
        headComplete = false;
        headStartedAt = 0;
        cancelTimer();
    }

    /** Scans head bytes not seen before; returns what is wrong, or null. */
    private String scanHead(ByteBuf in) {
        int from = Math.max(in.readerIndex(), in.readerIndex() + (scanned - consumed));
        int to = in.writerIndex();
        if (headStartedAt == 0 && to > from) {
            headStartedAt = System.nanoTime();
        }
        for (int i = from; i < to && !headComplete; i++) {
            byte b = in.getByte(i);
            scanned++;
            if (b == 0) {
                return "NUL in request head";
            }
            if (previous == '\r' && b != '\n') {
                return "bare CR in request head";
            }
            if (b == '\n') {
                if (previous != '\r') {
                    return "bare LF in request head";
                }
                if (lineHasContent) {
                    sawRequestLine = true;
                } else if (sawRequestLine) {
                    headComplete = true;
                }
                lineHasContent = false;
            } else if (b != '\r') {
                if (previous == '\n' && sawRequestLine && (b == ' ' || b == '\t')) {
                    return "obs-fold line folding in header";
                }
                lineHasContent = true;
            }
            previous = b;
        }
        return null;
    }

    private void armTimer(ChannelHandlerContext ctx) {
        if (failed) {
            return;
        }
        if (inHead) {
            if (headStartedAt != 0 && timer == null && headerReadNanos > 0) {
                timer = ctx.executor().schedule(() -> headTimedOut(ctx), headerReadNanos, TimeUnit.NANOSECONDS);
            }
        } else {
            lastBodyRead = System.nanoTime();
            if (timer == null && bodyIdleNanos > 0) {
                timer = ctx.executor().schedule(() -> bodyIdleCheck(ctx), bodyIdleNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Set by the front end while a response is still owed for an earlier request. */
    void responsePending(boolean pending) {
        responsePending = pending;
        if (!pending && inHead && headStartedAt != 0) {
            // The clock for a head that was waiting behind a response starts now.
            headStartedAt = System.nanoTime();
        }
    }

    private void headTimedOut(ChannelHandlerContext ctx) {
        timer = null;
        if (responsePending && inHead && !failed) {
            // Pipelined behind a response still being written: the gateway is the slow one.
            timer = ctx.executor().schedule(() -> headTimedOut(ctx), headerReadNanos, TimeUnit.NANOSECONDS);
            return;
        }
        long waited = System.nanoTime() - headStartedAt;
        if (inHead && !failed && headStartedAt != 0 && waited < headerReadNanos) {
            // The head's clock was restarted when the response it waited behind was done.
            timer = ctx.executor().schedule(() -> headTimedOut(ctx), headerReadNanos - waited, TimeUnit.NANOSECONDS);
            return;
        }
        if (inHead && !failed && headStartedAt != 0) {
            failed = true;
            if (onHeadTimeout != null) {
                onHeadTimeout.run();
            }
            ctx.writeAndFlush(ctx.alloc().buffer(REQUEST_TIMEOUT.length).writeBytes(REQUEST_TIMEOUT))
                    .addListener(f -> ctx.channel().close());
        }
    }

    private void bodyIdleCheck(ChannelHandlerContext ctx) {
        timer = null;
        if (inHead || failed) {
            return;
        }
        long now = System.nanoTime();
        if (!ctx.channel().config().isAutoRead()) {
            // The gateway itself paused reading (back-pressure); the client is not idle.
            lastBodyRead = now;
        }
        long idle = now - lastBodyRead;
        if (idle >= bodyIdleNanos) {
            failed = true;
            ctx.channel().close();
            return;
        }
        timer = ctx.executor().schedule(() -> bodyIdleCheck(ctx), bodyIdleNanos - idle, TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        cancelTimer();
        super.handlerRemoved0(ctx);
    }
}
