package io.vigil.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's upstream: a small "orders" API with an OpenAPI document. It echoes back what the
 * gateway told it about the caller ({@code X-Forwarded-For}, {@code X-Request-Id}), so the demo
 * shows what an upstream sees.
 */
public final class SampleUpstream {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final Map<Integer, ObjectNode> orders = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1003);
    private HttpServer server;

    public SampleUpstream(Vertx vertx) {
        this.vertx = vertx;
        seed(1001, "alice", "2 x espresso beans", 2400);
        seed(1002, "bob", "1 x grinder", 8900);
    }

    public Future<Integer> start(String host, int port) {
        server = vertx.createHttpServer();
        return server.requestHandler(this::handle).listen(port, host).map(HttpServer::actualPort);
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        HttpServerResponse response = request.response();
        if (path.equals("/health") && request.method() == HttpMethod.GET) {
            json(response, 200, JSON.createObjectNode().put("status", "up"));
        } else if (path.equals("/openapi.json") && request.method() == HttpMethod.GET) {
            response.putHeader("content-type", "application/json").end(openApi());
        } else if (path.equals("/orders") && request.method() == HttpMethod.GET) {
            ArrayNode list = JSON.createArrayNode();
            orders.values().stream().sorted((a, b) -> a.get("id").asInt() - b.get("id").asInt()).forEach(list::add);
            json(response, 200, envelope(request).set("orders", list));
        } else if (path.equals("/orders") && request.method() == HttpMethod.POST) {
            request.body().onSuccess(body -> create(request, body.toString(StandardCharsets.UTF_8)));
        } else if (path.startsWith("/orders/") && request.method() == HttpMethod.GET) {
            String id = path.substring("/orders/".length());
            ObjectNode order = id.matches("\\d{1,9}") ? orders.get(Integer.parseInt(id)) : null;
            if (order == null) {
                json(response, 404, JSON.createObjectNode().put("error", "no such order"));
            } else {
                json(response, 200, envelope(request).set("order", order));
            }
        } else if (path.equals("/admin/stats") && request.method() == HttpMethod.GET) {
            json(response, 200, envelope(request).put("orders", orders.size()));
        } else {
            json(response, 404, JSON.createObjectNode().put("error", "not found"));
        }
    }

    private void create(HttpServerRequest request, String body) {
        try {
            ObjectNode input = (ObjectNode) JSON.readTree(body);
            int id = nextId.getAndIncrement();
            ObjectNode order = JSON.createObjectNode().put("id", id)
                    .put("customer", input.path("customer").asText("anonymous"))
                    .put("item", input.path("item").asText("?"))
                    .put("amountCents", input.path("amountCents").asInt(0));
            orders.put(id, order);
            json(request.response().putHeader("location", "/orders/" + id), 201, envelope(request).set("order", order));
        } catch (IOException | ClassCastException e) {
            json(request.response(), 400, JSON.createObjectNode().put("error", "body must be a JSON object"));
        }
    }

    /** What the upstream learned from the gateway, shown in every answer. */
    private static ObjectNode envelope(HttpServerRequest request) {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode seen = out.putObject("seenByUpstream");
        seen.put("path", request.path());
        seen.put("xRequestId", request.getHeader("x-request-id"));
        seen.put("xForwardedFor", request.getHeader("x-forwarded-for"));
        seen.put("via", request.getHeader("via"));
        return out;
    }

    private void seed(int id, String customer, String item, int cents) {
        orders.put(id, JSON.createObjectNode().put("id", id).put("customer", customer).put("item", item)
                .put("amountCents", cents));
    }

    private static void json(HttpServerResponse response, int status, ObjectNode body) {
        response.setStatusCode(status).putHeader("content-type", "application/json").end(body.toString());
    }

    static String openApi() {
        try (InputStream in = SampleUpstream.class.getResourceAsStream("/demo/orders-openapi.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("demo OpenAPI document missing from the jar", e);
        }
    }
}
