package io.vigil.server;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vigil.config.Runtime;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Reason;
import io.vigil.problem.ProblemResponse;
import io.vigil.proxy.ProxyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vert.x front end, for HTTP/2 streams (HTTP/1.x connections are handed to
 * {@link Http1Handler}): builds the {@link Exchange}, runs the pipeline, then proxies or
 * renders the denial, and logs the decision when the response is done.
 */
public final class GatewayHandler implements Handler<HttpServerRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);

    private final FrontDoor door;
    private final ProxyHandler proxy;

    public GatewayHandler(FrontDoor door, ProxyHandler proxy) {
        this.door = door;
        this.proxy = proxy;
    }

    @Override
    public void handle(HttpServerRequest request) {
        // Hold the body until the pipeline has allowed the request.
        request.pause();
        Runtime current = door.runtime();
        String authority;
        Exchange exchange;
        try {
            var hostAndPort = request.authority();
            authority = hostAndPort == null ? null : hostAndPort.toString();
            exchange = door.exchange(current, request.method().name(), request.uri(), request.isSSL(), authority,
                    request.headers(), address(request), request);
        } catch (RuntimeException e) {
            // Whatever the request did to us, it gets an answer and a log line, not a hang.
            Exchange broken = Exchange.builder().requestId(RequestIds.generate()).method("?").rawTarget("")
                    .clientAddress(address(request)).serverRequest(request).build();
            request.response().endHandler(v -> door.complete(broken));
            deny(broken, Decision.deny(Reason.MALFORMED_REQUEST, "The request head could not be read."));
            return;
        }
        completeWhenSent(request, exchange);
        if (request.isSSL()) {
            exchange.clientCertificate(io.vigil.auth.mtls.ClientCertificate.of(request.connection().sslSession()));
            if (request.connection() instanceof io.vertx.core.net.impl.ConnectionBase connection) {
                exchange.tlsFingerprint(io.vigil.server.tls.TlsFingerprint.of(connection.channel()));
            }
        }
        if ((authority != null || request.version() == HttpVersion.HTTP_1_1) && exchange.authority() == null) {
            deny(exchange, Decision.deny(Reason.MALFORMED_REQUEST,
                    "The request needs exactly one valid host (a name or address, no trailing dot)."));
            return;
        }
        run(current, exchange);
    }

    private void run(Runtime current, Exchange exchange) {
        current.pipeline().runHead(exchange).onComplete(onContext(ar -> decided(current, exchange, ar, true)));
    }

    /**
     * A stage that waited on I/O (a key fetch) may complete on another thread; the rest of the
     * request goes back to the connection's own event loop.
     */
    private static <T> io.vertx.core.Handler<io.vertx.core.AsyncResult<T>> onContext(
            io.vertx.core.Handler<io.vertx.core.AsyncResult<T>> then) {
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        return ar -> {
            if (context == null || io.vertx.core.Vertx.currentContext() == context) {
                then.handle(ar);
            } else {
                context.runOnContext(v -> then.handle(ar));
            }
        };
    }

    private void decided(Runtime current, Exchange exchange, io.vertx.core.AsyncResult<Decision> ar, boolean headOnly) {
        HttpServerResponse response = exchange.serverRequest().response();
        if (ar.failed()) {
            LOG.error("pipeline failed for request {}; failing closed", exchange.requestId(), ar.cause());
            deny(exchange, Decision.deny(Reason.INTERNAL_ERROR, "The gateway could not check this request."));
        } else if (ar.result() instanceof Decision.Deny denial) {
            deny(exchange, denial);
        } else if (headOnly && current.pipeline().needsBody()) {
            bufferBody(current, exchange);
        } else {
            proxy.forward(exchange).onComplete(done -> {
                if (done.failed()) {
                    deny(exchange, Decision.deny(ProxyHandler.failureReason(done.cause()),
                            done.cause().getMessage() == null ? "" : done.cause().getMessage()));
                } else if (!response.ended()) {
                    // Reset or aborted: no end event will come.
                    door.complete(exchange);
                }
            });
        }
    }

    /** A later stage reads the body: collect it, up to the route's limit, then run the rest. */
    private void bufferBody(Runtime current, Exchange exchange) {
        HttpServerRequest request = exchange.serverRequest();
        long limit = exchange.route().maxBodyBytes();
        io.vertx.core.buffer.Buffer body = io.vertx.core.buffer.Buffer.buffer();
        boolean[] over = {false};
        request.handler(chunk -> {
            if (over[0]) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                over[0] = true;
                deny(exchange, Decision.deny(Reason.BODY_TOO_LARGE, "The request body is larger than this route accepts."));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> {
            if (!over[0]) {
                over[0] = true;
                deny(exchange, Decision.deny(Reason.MALFORMED_REQUEST, "The request body could not be read."));
            }
        });
        if ("100-continue".equalsIgnoreCase(request.getHeader("expect"))) {
            request.response().writeContinue();
        }
        request.endHandler(v -> {
            if (over[0]) {
                return;
            }
            exchange.body(body);
            current.pipeline().runBody(exchange).onComplete(onContext(ar -> decided(current, exchange, ar, false)));
        });
        request.resume();
    }

    /** HTTP/1.x requests Vert.x itself refused (only before a connection is handed over). */
    public void handleInvalid(HttpServerRequest request) {
        Exchange exchange = door.invalidExchange(String.valueOf(request.method()), address(request));
        completeWhenSent(request, exchange);
        write(exchange, door.renderer().render(exchange, FrontDoor.invalid(request.decoderResult().cause())),
                request.response(), request.connection());
    }

    private void deny(Exchange exchange, Decision.Deny denial) {
        exchange.denied(denial);
        HttpServerRequest request = exchange.serverRequest();
        HttpServerResponse response = request.response();
        if (response.headWritten()) {
            exchange.completed(denial.reason().status, denial.reason());
            response.reset();
            door.complete(exchange);
            return;
        }
        write(exchange, door.renderer().render(exchange, denial), response,
                request.version() == HttpVersion.HTTP_2 ? null : request.connection());
        if (response.closed()) {
            // The client is gone, so no end event will come.
            door.complete(exchange);
        }
    }

    /** @param http1 the connection to close when the problem asks for it; null on HTTP/2 */
    private static void write(Exchange exchange, ProblemResponse problem, HttpServerResponse response,
            HttpConnection http1) {
        response.setStatusCode(problem.status());
        for (int i = 0; i < problem.headers().size(); i += 2) {
            response.headers().add(problem.headers().get(i), problem.headers().get(i + 1));
        }
        if (problem.close() && http1 != null) {
            response.headers().set("connection", "close");
            response.end(problem.body()).onComplete(done -> http1.close());
        } else {
            response.end(problem.body());
        }
    }

    static String address(HttpServerRequest request) {
        var remote = request.remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }

    /** Logs the exchange once its response is out, with the body bytes Vert.x counted going out. */
    private void completeWhenSent(HttpServerRequest request, Exchange exchange) {
        // The end handler runs before the proxy's pipe future completes: the count is read here.
        request.response().endHandler(v -> {
            exchange.addResponseBytes(request.response().bytesWritten());
            door.complete(exchange);
        });
    }
}
