package io.vigil.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.discovery.EndpointStats;
import io.vigil.discovery.EndpointJson;
import io.vigil.discovery.EndpointTree;

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
            boolean unauthenticated = EndpointJson.unauthenticated(s);
            if ((host != null && !host.equals(e.host())) || (source != null && !s.sources().contains(source))
                    || (classification != null && !unauthenticated)) {
                continue;
            }
            list.add(EndpointJson.of(e));
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("endpoints", list);
        out.put("dropped", endpoints.dropped());
        request.response().setStatusCode(200).putHeader("content-type", "application/json").end(out.toString());
    }
}
