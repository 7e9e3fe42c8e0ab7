package io.vigil.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.Gateway;
import io.vigil.discovery.Classifier;
import io.vigil.discovery.Finding;
import io.vigil.discovery.InventoryEntry;
import io.vigil.discovery.InventoryReport;
import io.vigil.discovery.spec.SpecIndex;
import io.vigil.discovery.spec.SpecStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The API inventory: what discovery observed, joined with the routes' specs and the imported
 * ones, each endpoint with its classifications, the evidence and what to do.
 *
 * <pre>
 * GET /admin/api/inventory[?classification=shadow|zombie|unused|unauthenticated|drift][&amp;owner=…][&amp;source=traffic|logs|spec|code][&amp;host=…]
 * </pre>
 */
final class InventoryEndpoints {

    static final String PATH = "/admin/api/inventory";
    static final Duration UNUSED_AFTER = Duration.ofDays(30);

    private final Vertx vertx;
    private final Gateway gateway;

    InventoryEndpoints(Vertx vertx, Gateway gateway) {
        this.vertx = vertx;
        this.gateway = gateway;
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
        String classification = request.getParam("classification");
        if (classification != null && !Finding.CLASSIFICATIONS.contains(classification)) {
            AdminServer.problem(request.response(), 400, "invalid_request", "classification: '" + classification
                    + "' is none of " + String.join(", ", Finding.CLASSIFICATIONS) + ".");
            return;
        }
        String owner = request.getParam("owner");
        String source = request.getParam("source");
        String host = request.getParam("host");
        // Imported specs are in the store: read off the event loop.
        AdminRequests.blocking(vertx, request, () -> {
            List<String> problems = new ArrayList<>();
            SpecIndex imported = new SpecStore(gateway.store().dataSource()).index(problems);
            List<io.vigil.discovery.code.CodeEndpoint> code = new io.vigil.discovery.code.CodeStore(gateway.store().dataSource()).all();
            Instant now = Instant.now();
            List<InventoryEntry> entries = new Classifier(gateway.runtime().specs(), imported, UNUSED_AFTER)
                    .classify(gateway.endpoints().endpoints(), code, now);
            List<InventoryEntry> kept = entries.stream()
                    .filter(e -> classification == null || e.has(classification))
                    .filter(e -> owner == null || owner.equals(e.owner()))
                    .filter(e -> source == null || e.sources().contains(source))
                    .filter(e -> host == null || host.equals(e.host()))
                    .toList();
            ObjectNode out = InventoryReport.json(kept, now);
            out.put("dropped", gateway.endpoints().dropped());
            ArrayNode notes = out.putArray("problems");
            problems.forEach(notes::add);
            return out;
        }, out -> request.response().setStatusCode(200).putHeader("content-type", "application/json").end(out.toString()));
    }
}
