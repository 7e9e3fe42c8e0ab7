package io.vigil.server;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vigil.audit.DecisionLog;
import io.vigil.audit.DecisionRecord;
import io.vigil.config.Runtime;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Reason;
import io.vigil.problem.ProblemRenderer;
import io.vigil.proxy.Forwarding;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What both front ends (HTTP/1.x on Netty, HTTP/2 on Vert.x) share: building the
 * {@link Exchange} from a request head, the current runtime, the renderer, and logging the
 * decision exactly once when the exchange is over.
 */
public final class FrontDoor {

    private final Supplier<Runtime> runtime;
    private final ProblemRenderer renderer;
    private final DecisionLog decisions;
    private final String via;
    private final java.time.Clock clock;
    private volatile io.vigil.proxy.BodySampler sampler = io.vigil.proxy.BodySampler.NONE;

    public FrontDoor(Supplier<Runtime> runtime, ProblemRenderer renderer, DecisionLog decisions, String via) {
        this(runtime, renderer, decisions, via, java.time.Clock.systemUTC());
    }

    /**
     * @param clock the wall clock requests are stamped with (their {@code time} in policies, limits,
     *     risk and the decision log); the system's, except in a simulation that compresses days
     */
    public FrontDoor(Supplier<Runtime> runtime, ProblemRenderer renderer, DecisionLog decisions, String via,
            java.time.Clock clock) {
        this.clock = clock;
        this.runtime = runtime;
        this.renderer = renderer;
        this.decisions = decisions;
        this.via = via;
    }

    /** Who wants copies of some response bodies (discovery); none unless set. */
    public void sampler(io.vigil.proxy.BodySampler sampler) {
        this.sampler = sampler;
    }

    public io.vigil.proxy.BodySampler sampler() {
        return sampler;
    }

    public Runtime runtime() {
        return runtime.get();
    }

    public ProblemRenderer renderer() {
        return renderer;
    }

    public String via() {
        return via;
    }

    /**
     * @param authority the Host header or HTTP/2 {@code :authority}, as sent
     * @param serverRequest the Vert.x request on the HTTP/2 path, null on the Netty path
     */
    public Exchange exchange(Runtime current, String method, String uri, boolean ssl, String authority,
            MultiMap headers, String peer, HttpServerRequest serverRequest) {
        boolean trusted = current.trustedProxies().contains(peer);
        HostAndPort hostAndPort = validAuthority(authority) ? HostAndPort.parseAuthority(authority, -1) : null;
        String requestId = trusted ? RequestIds.fromTrusted(headers.get("x-request-id")) : RequestIds.generate();
        String target = uri == null ? "" : uri;
        return Exchange.builder()
                .startEpochMillis(clock.millis())
                .requestId(requestId)
                .method(method)
                .rawTarget(target)
                .scheme(ssl ? "https" : "http")
                .host(hostAndPort == null ? null : hostAndPort.host().toLowerCase(Locale.ROOT))
                .authority(hostAndPort == null ? null : authority)
                .headers(headers)
                .clientAddress(trusted ? ClientAddress.fromForwardedFor(Forwarding.joined(headers, "x-forwarded-for"),
                        peer, current.trustedProxies()) : peer)
                .peerAddress(peer)
                .trustedPeer(trusted)
                .serverRequest(serverRequest)
                .build();
    }

    /**
     * A Host header or {@code :authority} that names exactly one host: a DNS name, an IPv4
     * address or a bracketed IPv6 address, with an optional port. Anything else (empty, a
     * trailing dot, percent signs, user information) is ambiguous between servers and refused.
     */
    public static boolean validAuthority(String authority) {
        if (authority == null || authority.isEmpty()) {
            return false;
        }
        int end = authority.length();
        int colon = authority.lastIndexOf(':');
        int close = authority.lastIndexOf(']');
        if (colon > close) {
            // A port: one to five digits.
            int digits = end - colon - 1;
            if (digits < 1 || digits > 5) {
                return false;
            }
            for (int i = colon + 1; i < end; i++) {
                char c = authority.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            end = colon;
        }
        if (authority.charAt(0) == '[') {
            if (close != end - 1 || end < 4) {
                return false;
            }
            for (int i = 1; i < end - 1; i++) {
                char c = authority.charAt(i);
                if (!(c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                    return false;
                }
            }
            return true;
        }
        return validHostName(authority, end);
    }

    /** Dot-separated labels of letters, digits and inner hyphens, 1 to 63 characters each. */
    private static boolean validHostName(String s, int end) {
        int labelStart = 0;
        for (int i = 0; i <= end; i++) {
            char c = i == end ? '.' : s.charAt(i);
            if (c == '.') {
                int length = i - labelStart;
                if (length < 1 || length > 63 || s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-') {
                    return false;
                }
                labelStart = i + 1;
            } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** An exchange for a request the decoder rejected: only what is safe to log. */
    public Exchange invalidExchange(String method, String peer) {
        return Exchange.builder()
                .startEpochMillis(clock.millis())
                .requestId(RequestIds.generate())
                .method(sanitize(method))
                .rawTarget("")
                .clientAddress(peer)
                .build();
    }

    /** Logs a 408 for a request head that did not arrive in time. */
    public void headTimedOut(String peer) {
        Exchange exchange = invalidExchange("?", peer);
        exchange.denied(Decision.deny(Reason.REQUEST_TIMEOUT, "The request head was not received in time."));
        exchange.completed(Reason.REQUEST_TIMEOUT.status, Reason.REQUEST_TIMEOUT);
        complete(exchange);
    }

    /** 400, 414 or 431 for what the HTTP decoder refused. */
    public static Decision.Deny invalid(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return Decision.deny(Reason.URI_TOO_LONG, "The request line is too long.");
        }
        if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            return Decision.deny(Reason.HEADERS_TOO_LARGE, "The request header section is too large.");
        }
        if (cause != null && cause.getMessage() != null && cause.getMessage().length() < 80) {
            return Decision.deny(Reason.MALFORMED_REQUEST,
                    "The request is not valid HTTP/1.1: " + sanitize(cause.getMessage()) + ".");
        }
        return Decision.deny(Reason.MALFORMED_REQUEST, "The request is not valid HTTP/1.1.");
    }

    /** Logs the decision; later calls for the same exchange do nothing. */
    public void complete(Exchange exchange) {
        if (exchange.endNanos() != 0) {
            return;
        }
        exchange.ended(System.nanoTime());
        decisions.record(DecisionRecord.of(exchange, runtime.get().config().decisionLog().headers()));
    }

    /** What an error message may echo of a caller's input: printable ASCII without quotes or backslashes, at most 64 characters. */
    public static String sanitize(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 64));
        for (int i = 0; i < text.length() && i < 64; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
        }
        return out.toString();
    }
}
