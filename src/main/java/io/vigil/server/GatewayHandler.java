package io.vigil.server;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.HostAndPort;
import io.vigil.audit.DecisionLog;
import io.vigil.audit.DecisionRecord;
import io.vigil.config.Runtime;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Reason;
import io.vigil.problem.ProblemRenderer;
import io.vigil.proxy.ProxyHandler;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door of every request: builds the {@link Exchange}, runs the pipeline, then either
 * proxies or renders the denial, and always logs the decision when the response is done.
 */
public final class GatewayHandler implements Handler<HttpServerRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);

    private final Supplier<Runtime> runtime;
    private final ProxyHandler proxy;
    private final ProblemRenderer renderer;
    private final DecisionLog decisions;

    public GatewayHandler(Supplier<Runtime> runtime, ProxyHandler proxy, ProblemRenderer renderer,
            DecisionLog decisions) {
        this.runtime = runtime;
        this.proxy = proxy;
        this.renderer = renderer;
        this.decisions = decisions;
    }

    @Override
    public void handle(HttpServerRequest request) {
        // Hold the body until the pipeline has allowed the request.
        request.pause();
        Runtime current = runtime.get();
        Exchange exchange = exchange(request, current);
        HttpServerResponse response = request.response();
        response.endHandler(v -> complete(exchange));
        if (request.version() == HttpVersion.HTTP_1_1 && exchange.authority() == null) {
            deny(exchange, Decision.deny(Reason.MALFORMED_REQUEST, "HTTP/1.1 requests need a Host header."));
            return;
        }
        current.pipeline().run(exchange).onComplete(ar -> {
            if (ar.failed()) {
                LOG.error("pipeline failed for request {}; failing closed", exchange.requestId(), ar.cause());
                deny(exchange, Decision.deny(Reason.INTERNAL_ERROR, "The gateway could not check this request."));
            } else if (ar.result() instanceof Decision.Deny denial) {
                deny(exchange, denial);
            } else {
                proxy.forward(exchange).onComplete(done -> {
                    if (done.failed()) {
                        deny(exchange, Decision.deny(ProxyHandler.failureReason(done.cause()),
                                done.cause().getMessage() == null ? "" : done.cause().getMessage()));
                    } else if (!response.ended()) {
                        // Reset or aborted: no end event will come.
                        complete(exchange);
                    }
                });
            }
        });
    }

    /** Requests the decoder could not accept: 400, 414 or 431, then the connection closes. */
    public void handleInvalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        Reason reason = Reason.MALFORMED_REQUEST;
        String detail = "The request is not valid HTTP/1.1.";
        if (cause instanceof TooLongHttpLineException) {
            reason = Reason.URI_TOO_LONG;
            detail = "The request line is too long.";
        } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            reason = Reason.HEADERS_TOO_LARGE;
            detail = "The request header section is too large.";
        } else if (cause != null && cause.getMessage() != null && cause.getMessage().length() < 80) {
            detail = "The request is not valid HTTP/1.1: " + sanitize(cause.getMessage()) + ".";
        }
        Exchange exchange = Exchange.builder()
                .requestId(RequestIds.generate())
                .method(sanitize(String.valueOf(request.method())))
                .rawTarget("")
                .clientAddress(address(request))
                .build();
        request.response().endHandler(v -> complete(exchange));
        deny(exchange, Decision.deny(reason, detail), request.response());
    }

    private Exchange exchange(HttpServerRequest request, Runtime current) {
        String peer = address(request);
        boolean trusted = current.trustedProxies().contains(peer);
        HostAndPort authority = request.authority();
        String requestId = trusted ? RequestIds.fromTrusted(request.getHeader("x-request-id")) : RequestIds.generate();
        return Exchange.builder()
                .requestId(requestId)
                .method(request.method().name())
                .rawTarget(request.uri())
                .scheme(request.isSSL() ? "https" : "http")
                .host(authority == null ? null : authority.host().toLowerCase(Locale.ROOT))
                .authority(authority == null ? null : authority.toString())
                .headers(request.headers())
                .clientAddress(trusted ? ClientAddress.fromForwardedFor(request.getHeader("x-forwarded-for"),
                        peer, current.trustedProxies()) : peer)
                .peerAddress(peer)
                .trustedPeer(trusted)
                .serverRequest(request)
                .build();
    }

    private void deny(Exchange exchange, Decision.Deny denial) {
        deny(exchange, denial, exchange.serverRequest().response());
    }

    private void deny(Exchange exchange, Decision.Deny denial, HttpServerResponse response) {
        exchange.denied(denial);
        HttpServerRequest request = exchange.serverRequest();
        if (request != null && request.version() != HttpVersion.HTTP_2 && !request.isEnded()
                && (request.getHeader("content-length") != null || request.getHeader("transfer-encoding") != null)) {
            // The body was never read; closing is cheaper and safer than draining it.
            response.putHeader("connection", "close");
        }
        renderer.render(exchange, denial, response);
        if (response.closed()) {
            // The client is gone, so no end event will come.
            complete(exchange);
        }
    }

    private void complete(Exchange exchange) {
        if (exchange.endNanos() != 0) {
            return;
        }
        exchange.ended(System.nanoTime());
        decisions.record(DecisionRecord.of(exchange));
    }

    private static String address(HttpServerRequest request) {
        var remote = request.remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }

    private static String sanitize(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 64));
        for (int i = 0; i < text.length() && i < 64; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
        }
        return out.toString();
    }
}
