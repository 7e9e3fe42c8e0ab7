package io.vigil.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real upstream on 127.0.0.1 that answers with what it received: method, path, query,
 * headers and body size. {@code /delay/MS} answers after MS milliseconds, {@code /status/N}
 * with status N, {@code /bytes/N} with N bytes, {@code /health} with 200 unless told otherwise.
 */
public final class EchoUpstream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final HttpServer server;
    private final int port;
    /** Request heads seen. */
    public final AtomicInteger requests = new AtomicInteger();
    /** Requests whose body arrived whole (what a truncated, streamed body must never count as). */
    public final AtomicInteger completeBodies = new AtomicInteger();
    public volatile int healthStatus = 200;
    public volatile String name;

    public EchoUpstream(Vertx vertx, String name) throws Exception {
        this.vertx = vertx;
        this.name = name;
        this.server = vertx.createHttpServer();
        server.requestHandler(this::handle);
        this.port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.equals("/health")) {
            request.response().setStatusCode(healthStatus).end("health");
            return;
        }
        requests.incrementAndGet();
        if (path.startsWith("/delay/")) {
            echo(request, Long.parseLong(path.substring(7)));
            return;
        }
        if (path.startsWith("/status/")) {
            request.response().setStatusCode(Integer.parseInt(path.substring(8))).end("status");
            return;
        }
        if (path.startsWith("/bytes/")) {
            int n = Integer.parseInt(path.substring(7));
            request.response().putHeader("content-type", "application/octet-stream").end(io.vertx.core.buffer.Buffer.buffer(new byte[n]));
            return;
        }
        echo(request, 0);
    }

    private void echo(HttpServerRequest request, long delayMillis) {
        request.body().onComplete(ar -> vertx.setTimer(Math.max(1, delayMillis), id -> {
            if (ar.succeeded()) {
                completeBodies.incrementAndGet();
            }
            ObjectNode out = JSON.createObjectNode();
            out.put("upstream", name);
            out.put("method", request.method().name());
            out.put("uri", request.uri());
            out.put("path", request.path());
            out.put("bodyBytes", ar.succeeded() ? ar.result().length() : -1);
            ObjectNode headers = out.putObject("headers");
            for (Map.Entry<String, String> h : request.headers()) {
                String key = h.getKey().toLowerCase(java.util.Locale.ROOT);
                headers.put(key, headers.has(key) ? headers.get(key).asText() + "|" + h.getValue() : h.getValue());
            }
            request.response().putHeader("content-type", "application/json")
                    .putHeader("connection", "keep-alive, x-upstream-secret")
                    .putHeader("x-upstream-secret", "must-not-leak")
                    .putHeader("keep-alive", "timeout=5")
                    .end(out.toString());
        }));
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
