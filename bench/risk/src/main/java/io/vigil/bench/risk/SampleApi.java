package io.vigil.bench.risk;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;

/**
 * The API behind the gateway: answers every order, report and profile read with a small JSON
 * body. Like many real APIs it has a BOLA hole (any order id is served to anyone), which is what
 * the enumeration attack exploits; ids from {@value #MISSING_FROM} up do not exist (404).
 */
final class SampleApi implements AutoCloseable {

    static final long MISSING_FROM = 900_000;

    private final HttpServer server;
    final int port;

    SampleApi(Vertx vertx) throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> {
            String path = request.path();
            int status = 200;
            if (path.startsWith("/orders/")) {
                String id = path.substring("/orders/".length());
                status = id.chars().allMatch(Character::isDigit) && !id.isEmpty() && id.length() < 10
                        && Long.parseLong(id) < MISSING_FROM ? 200 : 404;
            } else if (path.startsWith("/reports/")) {
                status = path.endsWith("/daily") || path.endsWith("/weekly") || path.endsWith("/monthly") ? 200 : 404;
            }
            request.response().setStatusCode(status).putHeader("content-type", "application/json")
                    .end(status == 200 ? "{\"ok\":true,\"path\":\"" + path + "\"}" : "{\"error\":\"not found\"}");
        });
        port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
