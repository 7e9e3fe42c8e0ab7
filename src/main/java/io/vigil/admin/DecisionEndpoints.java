package io.vigil.admin;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.Gateway;
import io.vigil.audit.StoredDecisions;
import io.vigil.server.FrontDoor;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /admin/api/decisions}: the decision log as the store holds it, newest first.
 * Narrowed by {@code since} and {@code until} (RFC 3339, or a duration back from now: {@code 15m}),
 * {@code route}, {@code status}, {@code reason} and {@code requestId}; {@code limit} 1–1000
 * (default 100). An unknown or malformed parameter is a 400 that names it.
 */
final class DecisionEndpoints {

    static final String PATH = "/admin/api/decisions";
    private static final Set<String> PARAMETERS = Set.of("since", "until", "route", "status", "reason", "requestId", "limit");
    private static final int MAX_LIMIT = 1_000;
    private static final int MAX_TEXT = 256;

    private final Vertx vertx;
    private final Gateway gateway;

    DecisionEndpoints(Vertx vertx, Gateway gateway) {
        this.vertx = vertx;
        this.gateway = gateway;
    }

    void handle(HttpServerRequest request) {
        if (!gateway.runtime().config().decisionLog().store()) {
            AdminServer.problem(request.response(), 404, "not_stored",
                    "Decisions are not written to the store (decisionLog.store: false); read the decision log file.");
            return;
        }
        StoredDecisions.Query query;
        try {
            query = query(request);
        } catch (IllegalArgumentException e) {
            AdminServer.problem(request.response(), 400, "invalid_request", e.getMessage());
            return;
        }
        StoredDecisions decisions = new StoredDecisions(gateway.store().dataSource(), gateway.store().postgres());
        vertx.executeBlocking(() -> decisions.find(query), false).onComplete(ar -> {
            if (ar.failed()) {
                AdminServer.problem(request.response(), 503, "store_unavailable", "The store could not be read.");
                return;
            }
            // Each row is a JSON object the decision log wrote: joined as they are, not parsed again.
            List<String> rows = ar.result();
            StringBuilder body = new StringBuilder(64 + rows.size() * 700).append("{\"decisions\":[");
            for (int i = 0; i < rows.size(); i++) {
                body.append(i == 0 ? "" : ",").append(rows.get(i));
            }
            request.response().setStatusCode(200).putHeader("content-type", "application/json")
                    .end(body.append("]}").toString());
        });
    }

    static StoredDecisions.Query query(HttpServerRequest request) {
        for (String name : request.params().names()) {
            if (!PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("Unknown parameter '" + FrontDoor.sanitize(name) + "' (expected: "
                        + String.join(", ", new java.util.TreeSet<>(PARAMETERS)) + ").");
            }
            if (request.params().getAll(name).size() > 1) {
                throw new IllegalArgumentException("Parameter '" + name + "' given more than once.");
            }
        }
        Long since = time(request, "since");
        Long until = time(request, "until");
        Integer status = number(request, "status", 100, 599);
        Integer limit = number(request, "limit", 1, MAX_LIMIT);
        return new StoredDecisions.Query(since, until, text(request, "route"), status, text(request, "reason"),
                text(request, "requestId"), limit == null ? 100 : limit);
    }

    private static Long time(HttpServerRequest request, String name) {
        String value = request.getParam(name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException notAnInstant) {
            try {
                return System.currentTimeMillis() - io.vigil.config.Durations.parse(value).toMillis();
            } catch (RuntimeException notADuration) {
                throw new IllegalArgumentException(name + ": '" + FrontDoor.sanitize(value)
                        + "' is neither an RFC 3339 time (2026-11-29T10:00:00Z) nor a duration back from now (15m, 24h).");
            }
        }
    }

    private static Integer number(HttpServerRequest request, String name, int min, int max) {
        String value = request.getParam(name);
        if (value == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + ": '" + FrontDoor.sanitize(value) + "' (expected: a whole number from " + min + " to " + max + ").");
    }

    private static String text(HttpServerRequest request, String name) {
        String value = request.getParam(name);
        if (value != null && (value.isEmpty() || value.length() > MAX_TEXT)) {
            throw new IllegalArgumentException(name + ": expected 1 to " + MAX_TEXT + " characters.");
        }
        return value;
    }
}
