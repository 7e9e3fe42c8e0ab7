package io.vigil.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.Gateway;
import io.vigil.discovery.Annotation;
import io.vigil.discovery.AnnotationStore;
import io.vigil.discovery.Classifier;
import io.vigil.discovery.Curation;
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
 * GET /admin/api/inventory[?classification=shadow|zombie|unused|unauthenticated|drift][&amp;owner=…][&amp;source=traffic|logs|spec|code]
 *     [&amp;host=…][&amp;review=unreviewed|in_review|approved|rejected][&amp;lifecycle=active|deprecated|retired]
 * GET    /admin/api/inventory/annotations                  every annotation
 * PUT    /admin/api/inventory/annotations                  {"method","template","host"?,"owner"?,"lifecycle"?,"review"?,"note"?,"by"?}
 * DELETE /admin/api/inventory/annotations?method=&amp;template=[&amp;host=]
 * </pre>
 * An annotation records what people decided about an endpoint (owner, lifecycle, security review);
 * a PUT replaces the endpoint's annotation whole. See {@link io.vigil.discovery.Curation}.
 */
final class InventoryEndpoints {

    static final String PATH = "/admin/api/inventory";
    static final String ANNOTATIONS = PATH + "/annotations";
    private static final int MAX_REQUEST_BYTES = 16 * 1024;
    private static final java.util.Set<String> ANNOTATION_FIELDS = java.util.Set.of("host", "method", "template", "owner",
            "lifecycle", "review", "note", "by");
    static final Duration UNUSED_AFTER = Duration.ofDays(30);

    private final Vertx vertx;
    private final Gateway gateway;

    InventoryEndpoints(Vertx vertx, Gateway gateway) {
        this.vertx = vertx;
        this.gateway = gateway;
    }

    boolean handles(String path) {
        return path.equals(PATH) || path.equals(ANNOTATIONS);
    }

    void handle(HttpServerRequest request) {
        if (request.path().equals(ANNOTATIONS)) {
            annotations(request);
            return;
        }
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
        String review = request.getParam("review");
        if (review != null && !Annotation.REVIEWS.contains(review)) {
            AdminServer.problem(request.response(), 400, "invalid_request", "review: '" + review
                    + "' is none of " + String.join(", ", new java.util.TreeSet<>(Annotation.REVIEWS)) + ".");
            return;
        }
        String lifecycle = request.getParam("lifecycle");
        if (lifecycle != null && !Annotation.LIFECYCLES.contains(lifecycle)) {
            AdminServer.problem(request.response(), 400, "invalid_request", "lifecycle: '" + lifecycle
                    + "' is none of " + String.join(", ", new java.util.TreeSet<>(Annotation.LIFECYCLES)) + ".");
            return;
        }
        // Imported specs are in the store: read off the event loop.
        AdminRequests.blocking(vertx, request, () -> {
            List<String> problems = new ArrayList<>();
            SpecIndex imported = new SpecStore(gateway.store().dataSource()).index(problems);
            List<io.vigil.discovery.code.CodeEndpoint> code = new io.vigil.discovery.code.CodeStore(gateway.store().dataSource()).all();
            Instant now = Instant.now();
            List<InventoryEntry> entries = Curation.apply(new Classifier(gateway.runtime().specs(), imported, UNUSED_AFTER,
                    gateway.runtime().routes()::routeServing)
                    .classify(gateway.endpoints().endpoints(), code, now), new AnnotationStore(gateway.store().dataSource())
                    .all(problems), now, UNUSED_AFTER);
            List<InventoryEntry> kept = entries.stream()
                    .filter(e -> classification == null || e.has(classification))
                    .filter(e -> owner == null || owner.equals(e.owner()))
                    .filter(e -> source == null || e.sources().contains(source))
                    .filter(e -> host == null || host.equals(e.host()))
                    .filter(e -> review == null || review.equals(e.review()))
                    .filter(e -> lifecycle == null || lifecycle.equals(e.lifecycle()))
                    .toList();
            ObjectNode out = InventoryReport.json(kept, now);
            out.put("dropped", gateway.endpoints().dropped());
            ArrayNode notes = out.putArray("problems");
            problems.forEach(notes::add);
            return out;
        }, out -> request.response().setStatusCode(200).putHeader("content-type", "application/json").end(out.toString()));
    }

    private void annotations(HttpServerRequest request) {
        AnnotationStore store = new AnnotationStore(gateway.store().dataSource());
        if (request.method() == HttpMethod.GET) {
            AdminRequests.blocking(vertx, request, () -> {
                List<String> problems = new ArrayList<>();
                ArrayNode list = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
                store.all(problems).forEach(a -> list.add(InventoryReport.annotation(a)));
                return list;
            }, list -> request.response().setStatusCode(200).putHeader("content-type", "application/json").end(list.toString()));
        } else if (request.method() == HttpMethod.PUT) {
            AdminRequests.readObject(request, MAX_REQUEST_BYTES, false, body -> {
                Annotation annotation = parse(body, System.currentTimeMillis());
                AdminRequests.blocking(vertx, request, () -> {
                    store.put(annotation);
                    return annotation;
                }, stored -> request.response().setStatusCode(200).putHeader("content-type", "application/json")
                        .end(InventoryReport.annotation(stored).toString()));
            });
        } else if (request.method() == HttpMethod.DELETE) {
            String method = request.getParam("method");
            String template = request.getParam("template");
            if (method == null || template == null) {
                AdminServer.problem(request.response(), 400, "invalid_request",
                        "Name the endpoint: ?method=GET&template=/orders/{id} (and &host= for a host-specific annotation).");
                return;
            }
            String host = request.getParam("host");
            AdminRequests.blocking(vertx, request, () -> store.delete(host, method, template), removed -> {
                if (removed) {
                    request.response().setStatusCode(204).end();
                } else {
                    AdminServer.problem(request.response(), 404, "not_found", "No annotation for " + method + " " + template
                            + (host == null ? "" : " on " + host) + ".");
                }
            });
        } else {
            request.response().putHeader("allow", "GET, PUT, DELETE");
            AdminServer.problem(request.response(), 405, "method_not_allowed", "Use GET, PUT or DELETE on " + ANNOTATIONS + ".");
        }
    }

    /** The body of a PUT: every field a string, no field the annotation does not have. */
    static Annotation parse(com.fasterxml.jackson.databind.JsonNode body, long now) {
        java.util.Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!ANNOTATION_FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "' (expected: "
                        + String.join(", ", new java.util.TreeSet<>(ANNOTATION_FIELDS)) + ")");
            }
            if (!body.get(name).isTextual() && !body.get(name).isNull()) {
                throw new IllegalArgumentException(name + ": expected a string");
            }
        }
        return new Annotation(text(body, "host"), text(body, "method"), text(body, "template"), text(body, "owner"),
                text(body, "lifecycle"), text(body, "review"), text(body, "note"), text(body, "by"), now);
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }
}
