package io.vigil.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.net.NetSocket;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Reason;
import io.vigil.route.Route;
import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Sends an allowed request to its route's upstream and streams the answer back. Bodies stream in
 * both directions with back-pressure; nothing is buffered. Failures before the response head is
 * sent complete the returned future with an {@link UpstreamFailure}, which the caller renders;
 * failures after it reset the client's stream, because a status already sent cannot be taken back.
 */
public final class ProxyHandler {

    private final Vertx vertx;
    private final String via;

    private volatile BodySampler sampler = BodySampler.NONE;

    /** Who wants copies of some response bodies (discovery). */
    public void sampler(BodySampler sampler) {
        this.sampler = sampler;
    }

    public ProxyHandler(Vertx vertx, String via) {
        this.vertx = vertx;
        this.via = via;
    }

    /** Thrown out of {@link #forward} when the caller should render {@code reason} itself. */
    public static Reason failureReason(Throwable failure) {
        if (failure instanceof UpstreamFailure upstream) {
            return upstream.reason;
        }
        return Reason.INTERNAL_ERROR;
    }

    public Future<Void> forward(Exchange exchange) {
        Attempt attempt = new Attempt(exchange);
        attempt.start();
        return attempt.done.future();
    }

    private static io.netty.channel.EventLoop loopOf(HttpServerRequest request) {
        return ((io.vertx.core.net.impl.ConnectionBase) request.connection()).channel().eventLoop();
    }

    /** One proxied exchange, including a retry on a connection that never opened. */
    private final class Attempt extends Deadlines.Entry {
        final Exchange exchange;
        final HttpServerRequest request;
        final HttpServerResponse response;
        final Route route;
        final UpstreamPool pool;
        final Promise<Void> done = Promise.promise();
        final boolean upgrade;
        int retriesLeft;
        UpstreamTarget target;
        HttpClientRequest upstreamRequest;
        /** System.nanoTime() deadlines; 0 when not armed. */
        long headersDeadline;
        long totalDeadline;
        long sentAt;
        boolean finished;
        boolean aborting;

        Attempt(Exchange exchange) {
            this.exchange = exchange;
            this.request = exchange.serverRequest();
            this.response = request.response();
            this.route = exchange.route();
            this.pool = route.upstream();
            this.retriesLeft = isIdempotent(request.method()) ? pool.config().retries() : 0;
            this.upgrade = route.websocket() && isWebSocketUpgrade(request);
        }

        void start() {
            totalDeadline = System.nanoTime() + pool.config().timeouts().total().toNanos();
            Deadlines.forLoop(loopOf(request)).add(this);
            response.closeHandler(v -> {
                if (!finished) {
                    exchange.completed(499, Reason.CLIENT_ABORTED);
                    if (upstreamRequest != null) {
                        upstreamRequest.reset();
                    }
                    finish(null);
                }
            });
            connect(null);
        }

        void connect(UpstreamTarget exclude) {
            long now = System.nanoTime();
            target = pool.choose(now, exclude);
            if (target == null) {
                fail(new UpstreamFailure(Reason.UPSTREAM_UNAVAILABLE, "No healthy upstream target."));
                return;
            }
            if (!pool.breaker().tryAcquire(now)) {
                fail(new UpstreamFailure(Reason.CIRCUIT_OPEN, "The upstream is failing; its circuit breaker is open."));
                return;
            }
            UpstreamTarget chosen = target;
            chosen.acquired();
            exchange.upstreamTarget(chosen.url());
            String uri = exchange.query() == null ? exchange.path() : exchange.path() + "?" + exchange.query();
            RequestOptions options = new RequestOptions()
                    .setServer(chosen.address())
                    .setHost(chosen.host())
                    .setPort(chosen.port())
                    .setSsl(chosen.ssl())
                    .setMethod(request.method())
                    .setURI(uri)
                    // Vert.x owns this timer and cancels it with the request; setting it on a
                    // live request instead left a timer (and the request) behind per exchange.
                    .setIdleTimeout(pool.config().timeouts().idle().toMillis())
                    .setHeaders(upstreamHeaders(chosen));
            pool.client().request(options).onComplete(ar -> {
                if (finished) {
                    if (ar.succeeded()) {
                        ar.result().reset();
                    }
                    chosen.released();
                    return;
                }
                if (ar.failed()) {
                    chosen.released();
                    long failedAt = System.nanoTime();
                    pool.recordFailure(chosen, failedAt);
                    pool.breaker().record(false, failedAt);
                    // The connection never opened, so the upstream never saw this request.
                    if (retriesLeft-- > 0) {
                        connect(chosen);
                    } else {
                        fail(classify(ar.cause(), false));
                    }
                    return;
                }
                send(ar.result());
            });
        }

        void send(HttpClientRequest upstream) {
            upstreamRequest = upstream;
            sentAt = System.nanoTime();
            headersDeadline = sentAt + pool.config().timeouts().responseHeaders().toNanos();
            if (upgrade) {
                tunnel(upstream);
                return;
            }
            Future<HttpClientResponse> answer;
            LimitedBody body = null;
            if (exchange.body() != null) {
                // Buffered for a stage that read it: the request stream is already consumed.
                upstream.headers().remove("transfer-encoding");
                upstream.headers().set("content-length", Integer.toString(exchange.body().length()));
                BodySampler wanted = sampler;
                if (wanted != BodySampler.NONE && exchange.body().length() > 0) {
                    exchange.requestContentType(request.getHeader("content-type"));
                    if (exchange.body().length() <= wanted.maxBytes() && wanted.wantsRequest(exchange,
                            exchange.requestContentType(), request.getHeader("content-encoding"))) {
                        wanted.sampledRequest(exchange, exchange.body().getBytes());
                    }
                }
                answer = upstream.send(exchange.body());
            } else if (hasBody(request)) {
                if ("100-continue".equalsIgnoreCase(request.getHeader("expect"))) {
                    // Only now, with the request allowed, is the client told to send its body.
                    upstream.headers().remove("expect");
                    request.response().writeContinue();
                }
                body = new LimitedBody(request, route.maxBodyBytes(), () -> abort(
                        new UpstreamFailure(Reason.BODY_TOO_LARGE, "The request body is larger than this route accepts.")));
                // Our own pipe: Vert.x's send(stream) ends the upstream request when the client's
                // stream fails, which would hand the upstream a truncated body that looks whole.
                upstream.setChunked(upstream.headers().get("content-length") == null);
                io.vertx.core.streams.ReadStream<io.vertx.core.buffer.Buffer> source = body;
                BodySampler wanted = sampler;
                if (wanted != BodySampler.NONE) {
                    // Discovery is on: it records the body's media type, and a copy of some bodies.
                    exchange.requestContentType(request.getHeader("content-type"));
                    if (wanted.wantsRequest(exchange, exchange.requestContentType(), request.getHeader("content-encoding"))) {
                        source = new SampledStream(body, new SampleBuffer(wanted.maxBytes()), bytes -> {
                            if (bytes.length > 0) {
                                wanted.sampledRequest(exchange, bytes);
                            }
                        });
                    }
                }
                source.pipe().endOnFailure(false).to(upstream).onFailure(e -> abort(
                        new UpstreamFailure(Reason.MALFORMED_REQUEST, "The request body broke off.")));
                answer = upstream.response();
            } else {
                request.resume();
                answer = upstream.send();
            }
            LimitedBody sentBody = body;
            answer.onComplete(ar -> {
                if (ar.failed()) {
                    abort(classify(ar.cause(), true));
                    return;
                }
                if (sentBody != null && sentBody.exceeded()) {
                    return;
                }
                respond(ar.result());
            });
        }

        void respond(HttpClientResponse upstreamResponse) {
            if (finished) {
                return;
            }
            clearHeadersDeadline();
            long now = System.nanoTime();
            exchange.upstreamNanos(now - sentAt);
            int status = upstreamResponse.statusCode();
            boolean failure = status == 502 || status == 503 || status == 504;
            pool.breaker().record(!failure, now);
            if (failure) {
                pool.recordFailure(target, now);
            } else {
                pool.recordSuccess(target);
            }
            response.setStatusCode(status);
            UpstreamHeaders.response(exchange, upstreamResponse.headers(), response.headers(), via);
            if (response.headers().get(HttpHeaderNames.CONTENT_LENGTH) == null
                    && request.version() != HttpVersion.HTTP_1_0 && !bodyless(status)) {
                response.setChunked(true);
            }
            exchange.completed(status, Reason.ALLOWED);
            BodySampler wanted = sampler;
            io.vertx.core.streams.ReadStream<io.vertx.core.buffer.Buffer> body = upstreamResponse;
            if (wanted != BodySampler.NONE) {
                exchange.responseContentType(upstreamResponse.getHeader("content-type"));
                if (wanted.wants(exchange, status, exchange.responseContentType(), upstreamResponse.getHeader("content-encoding"))) {
                    body = new SampledStream(upstreamResponse, new SampleBuffer(wanted.maxBytes()),
                            bytes -> wanted.sampled(exchange, status, bytes));
                }
            }
            body.pipe().endOnFailure(false).to(response).onComplete(ar -> {
                if (ar.failed() && !finished) {
                    // Mid-body failure: the status is already out, so the client must see a
                    // broken stream rather than a short body that looks complete.
                    exchange.completed(status, Reason.UPSTREAM_PROTOCOL_ERROR);
                    response.reset();
                }
                finish(null);
            });
        }

        /** WebSocket and other upgrades: after a 101, bytes flow both ways untouched. */
        void tunnel(HttpClientRequest upstream) {
            upstream.connect().onComplete(ar -> {
                if (ar.failed()) {
                    abort(classify(ar.cause(), true));
                    return;
                }
                HttpClientResponse upstreamResponse = ar.result();
                clearHeadersDeadline();
                exchange.upstreamNanos(System.nanoTime() - sentAt);
                pool.breaker().record(true, System.nanoTime());
                if (upstreamResponse.statusCode() != 101) {
                    respond(upstreamResponse);
                    return;
                }
                NetSocket upstreamSocket = upstreamResponse.netSocket();
                response.setStatusCode(101);
                for (Map.Entry<String, String> header : upstreamResponse.headers()) {
                    response.headers().add(header.getKey(), header.getValue());
                }
                exchange.completed(101, Reason.ALLOWED);
                clearDeadlines();
                request.toNetSocket().onComplete(client -> {
                    if (client.failed()) {
                        upstreamSocket.close();
                        finish(null);
                        return;
                    }
                    NetSocket clientSocket = client.result();
                    clientSocket.pipeTo(upstreamSocket);
                    upstreamSocket.pipeTo(clientSocket);
                    clientSocket.closeHandler(v -> {
                        upstreamSocket.close();
                        finish(null);
                    });
                });
            });
        }

        MultiMap upstreamHeaders(UpstreamTarget chosen) {
            io.vertx.core.http.impl.headers.HeadersMultiMap out = io.vertx.core.http.impl.headers.HeadersMultiMap.httpHeaders();
            UpstreamHeaders.request(exchange, request.headers(), out, chosen, upgrade, via);
            return out;
        }

        void abort(UpstreamFailure failure) {
            if (finished || aborting) {
                return;
            }
            // Resetting the upstream request fails its response future re-entrantly; the first
            // cause is the true one.
            aborting = true;
            if (upstreamRequest != null) {
                upstreamRequest.reset(0, failure);
            }
            if (response.headWritten()) {
                exchange.completed(exchange.status(), failure.reason);
                response.reset();
                finish(null);
                return;
            }
            if (target != null && failure.reason == Reason.UPSTREAM_TIMEOUT) {
                long now = System.nanoTime();
                pool.recordFailure(target, now);
                pool.breaker().record(false, now);
            }
            fail(failure);
        }

        void fail(UpstreamFailure failure) {
            finish(failure);
        }

        void finish(UpstreamFailure failure) {
            if (finished) {
                return;
            }
            finished = true;
            clearHeadersDeadline();
            clearDeadlines();
            if (target != null && upstreamRequest != null) {
                target.released();
            }
            if (failure == null) {
                done.tryComplete();
            } else {
                done.tryFail(failure);
            }
        }

        @Override
        void check(long now) {
            if (headersDeadline != 0 && now - headersDeadline > 0) {
                headersDeadline = 0;
                abort(new UpstreamFailure(Reason.UPSTREAM_TIMEOUT, "No response head from the upstream within "
                        + pool.config().timeouts().responseHeaders().toMillis() + " ms."));
            } else if (totalDeadline != 0 && now - totalDeadline > 0) {
                totalDeadline = 0;
                abort(new UpstreamFailure(Reason.UPSTREAM_TIMEOUT, "The upstream exchange took longer than "
                        + pool.config().timeouts().total().toMillis() + " ms."));
            }
        }

        void clearHeadersDeadline() {
            headersDeadline = 0;
        }

        void clearDeadlines() {
            totalDeadline = 0;
            Deadlines.remove(this);
        }
    }

    private static UpstreamFailure classify(Throwable cause, boolean connected) {
        if (cause instanceof UpstreamFailure failure) {
            return failure;
        }
        if (cause instanceof TimeoutException || cause instanceof io.netty.channel.ConnectTimeoutException
                || (cause != null && cause.getClass().getSimpleName().contains("Timeout"))) {
            return new UpstreamFailure(Reason.UPSTREAM_TIMEOUT, "upstream timed out");
        }
        if (!connected || cause instanceof ConnectException) {
            return new UpstreamFailure(Reason.UPSTREAM_CONNECT_FAILED, "upstream refused the connection");
        }
        if (cause instanceof StreamResetException) {
            return new UpstreamFailure(Reason.UPSTREAM_PROTOCOL_ERROR, "upstream reset the stream");
        }
        return new UpstreamFailure(Reason.UPSTREAM_PROTOCOL_ERROR, "upstream closed the connection");
    }

    static boolean isIdempotent(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
                || method == HttpMethod.PUT || method == HttpMethod.DELETE || method == HttpMethod.TRACE;
    }

    public static boolean isWebSocketUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaderNames.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket") && request.version() == HttpVersion.HTTP_1_1;
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null) {
            return !length.equals("0");
        }
        if (request.version() == HttpVersion.HTTP_2) {
            return !request.isEnded() && !isIdempotentWithoutBody(request.method());
        }
        return request.getHeader(HttpHeaderNames.TRANSFER_ENCODING) != null;
    }

    private static boolean isIdempotentWithoutBody(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
                || method == HttpMethod.DELETE;
    }

    private static boolean bodyless(int status) {
        return status == 204 || status == 304 || status < 200;
    }

}
