package io.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.auth.revocation.Revocation;
import io.vigil.auth.revocation.Revocations;
import io.vigil.config.Durations;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code /admin/api/revocations}: list (GET), add (POST) and remove ({@code DELETE …/{id}}) deny-list
 * entries. A POST returns once the entry is stored and in force on this node.
 *
 * <pre>
 * {"jti": "…"} | {"sub": "…", "before": "2026-11-28T12:00:00Z"} | {"sid": "…"}
 *   optional: "issuer", "reason", "ttl" ("24h") or "expiresAt" (RFC 3339 or epoch seconds);
 *   without either the entry stays until it is removed
 * </pre>
 */
final class RevocationEndpoints {

    static final String PATH = "/admin/api/revocations";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REQUEST_BYTES = 16 * 1024;

    private final Vertx vertx;
    private final Revocations revocations;

    RevocationEndpoints(Vertx vertx, Revocations revocations) {
        this.vertx = vertx;
        this.revocations = revocations;
    }

    boolean handles(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.equals(PATH) && request.method() == HttpMethod.GET) {
            ArrayNode out = JSON.createArrayNode();
            revocations.list().forEach(r -> out.add(json(r)));
            request.response().setStatusCode(200).putHeader("content-type", "application/json").end(out.toString());
        } else if (path.equals(PATH) && request.method() == HttpMethod.POST) {
            add(request);
        } else if (path.length() > PATH.length() + 1 && request.method() == HttpMethod.DELETE) {
            String id = path.substring(PATH.length() + 1);
            AdminRequests.blocking(vertx, request, () -> revocations.remove(id), removed -> {
                if (removed) {
                    request.response().setStatusCode(204).end();
                } else {
                    AdminServer.problem(request.response(), 404, "not_found", "No revocation with this id.");
                }
            });
        } else {
            request.response().putHeader("allow", path.equals(PATH) ? "GET, POST" : "DELETE");
            AdminServer.problem(request.response(), 405, "method_not_allowed", "Use GET or POST on " + PATH
                    + ", DELETE on " + PATH + "/{id}.");
        }
    }

    private void add(HttpServerRequest request) {
        AdminRequests.readObject(request, MAX_REQUEST_BYTES, false, body -> {
            Parsed parsed = parse(body);
            AdminRequests.blocking(vertx, request, () -> revocations.add(parsed.kind, parsed.value, parsed.issuer,
                    parsed.before, parsed.expiresAt, parsed.reason), added -> request.response().setStatusCode(201)
                    .putHeader("content-type", "application/json").putHeader("location", PATH + "/" + added.id())
                    .end(json(added).toString()));
        });
    }

    private record Parsed(Revocation.Kind kind, String value, String issuer, Long before, long expiresAt, String reason) {
    }

    private static Parsed parse(JsonNode body) {
        Revocation.Kind kind = null;
        String value = null;
        for (Revocation.Kind k : Revocation.Kind.values()) {
            String field = k.name().toLowerCase(java.util.Locale.ROOT);
            if (body.hasNonNull(field)) {
                if (kind != null) {
                    throw new IllegalArgumentException("name exactly one of jti, sub, sid");
                }
                kind = k;
                value = body.get(field).asText();
            }
        }
        if (kind == null) {
            throw new IllegalArgumentException("name one of jti, sub, sid");
        }
        if (value.isEmpty() || value.length() > 1024) {
            throw new IllegalArgumentException("the revoked value must be 1 to 1024 characters");
        }
        Long before = body.hasNonNull("before") ? instant(body.get("before"), "before") : null;
        if (before != null && kind != Revocation.Kind.SUB) {
            throw new IllegalArgumentException("'before' goes with 'sub' only");
        }
        long expiresAt = 0;
        if (body.hasNonNull("expiresAt")) {
            expiresAt = instant(body.get("expiresAt"), "expiresAt") * 1000;
        } else if (body.hasNonNull("ttl")) {
            expiresAt = System.currentTimeMillis() + Durations.parse(body.get("ttl").asText()).toMillis();
        }
        if (expiresAt != 0 && expiresAt <= System.currentTimeMillis()) {
            throw new IllegalArgumentException("expiresAt is in the past");
        }
        String issuer = body.hasNonNull("issuer") ? body.get("issuer").asText() : null;
        String reason = body.hasNonNull("reason") ? body.get("reason").asText() : null;
        if (reason != null && reason.length() > 500) {
            throw new IllegalArgumentException("reason is longer than 500 characters");
        }
        return new Parsed(kind, value, issuer, before, expiresAt, reason);
    }

    /** Epoch seconds from a number or an RFC 3339 string. */
    private static long instant(JsonNode node, String field) {
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        try {
            return Instant.parse(node.asText()).getEpochSecond();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be epoch seconds or an RFC 3339 time such as 2026-11-28T12:00:00Z");
        }
    }

    private static ObjectNode json(Revocation r) {
        ObjectNode out = JSON.createObjectNode();
        out.put("id", r.id());
        out.put(r.kind().name().toLowerCase(java.util.Locale.ROOT), r.value());
        if (r.issuer() != null) {
            out.put("issuer", r.issuer());
        }
        if (r.issuedBefore() != null) {
            out.put("before", Instant.ofEpochSecond(r.issuedBefore()).toString());
        }
        if (r.expiresAtMillis() < io.vigil.auth.revocation.Revocations.UNTIL_REMOVED) {
            out.put("expiresAt", Instant.ofEpochMilli(r.expiresAtMillis()).toString());
        }
        out.put("createdAt", Instant.ofEpochMilli(r.createdAtMillis()).toString());
        if (r.reason() != null) {
            out.put("reason", r.reason());
        }
        return out;
    }
}
