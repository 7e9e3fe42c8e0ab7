package io.vigil.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.discovery.EndpointStats;
import io.vigil.discovery.EndpointTree;
import java.time.Instant;

/**
 * The API inventory as discovery sees it.
 *
 * <pre>
 * GET /admin/api/inventory[?host=…][&amp;source=traffic][&amp;classification=unauthenticated]
 * </pre>
 *
 * Each endpoint (host, method, template) with when and how often it was seen, its answers, how its
 * callers authenticated, the routes that served it, and its classifications: so far
 * {@code unauthenticated} (served to callers without credentials).
 */
final class InventoryEndpoints {

    static final String PATH = "/admin/api/inventory";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EndpointTree endpoints;

    InventoryEndpoints(EndpointTree endpoints) {
        this.endpoints = endpoints;
    }

    boolean handles(String path) {
        return path.equals(PATH);
    }

    void handle(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET) {
            request.response().putHeader("allow", "GET");
            AdminServer.problem(request.response(), 405, "method_not_allowed", "Use GET on " + PATH + ".");
            return;
        }
        String host = request.getParam("host");
        String source = request.getParam("source");
        String classification = request.getParam("classification");
        if (classification != null && !classification.equals("unauthenticated")) {
            AdminServer.problem(request.response(), 400, "invalid_request",
                    "classification: '" + classification + "' is not one this inventory knows (unauthenticated).");
            return;
        }
        ArrayNode list = JSON.createArrayNode();
        for (EndpointTree.Endpoint e : endpoints.endpoints()) {
            EndpointStats s = e.stats();
            boolean unauthenticated = s.authentication().contains("none");
            if ((host != null && !host.equals(e.host())) || (source != null && !s.sources().contains(source))
                    || (classification != null && !unauthenticated)) {
                continue;
            }
            list.add(json(e, unauthenticated));
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("endpoints", list);
        out.put("dropped", endpoints.dropped());
        request.response().setStatusCode(200).putHeader("content-type", "application/json").end(out.toString());
    }

    static ObjectNode json(EndpointTree.Endpoint e, boolean unauthenticated) {
        EndpointStats s = e.stats();
        ObjectNode node = JSON.createObjectNode();
        node.put("host", e.host()).put("method", e.method()).put("template", e.template()).put("count", s.count())
                .put("firstSeen", Instant.ofEpochMilli(s.firstSeen()).toString())
                .put("lastSeen", Instant.ofEpochMilli(s.lastSeen()).toString());
        ObjectNode statuses = node.putObject("statuses");
        new java.util.TreeMap<>(s.statuses()).forEach((status, n) -> statuses.put(String.valueOf(status), n));
        new java.util.TreeSet<>(s.authentication()).forEach(node.putArray("authentication")::add);
        new java.util.TreeSet<>(s.issuers()).forEach(node.putArray("issuers")::add);
        new java.util.TreeSet<>(s.routes()).forEach(node.putArray("routes")::add);
        new java.util.TreeSet<>(s.sources()).forEach(node.putArray("sources")::add);
        ArrayNode classes = node.putArray("classifications");
        if (unauthenticated) {
            classes.add("unauthenticated");
        }
        return node;
    }
}
