package io.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.Gateway;
import io.vigil.auth.apikey.ApiKey;
import io.vigil.auth.apikey.ApiKeys;
import io.vigil.config.ApiKeysConfig;
import io.vigil.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code /admin/api/keys}: create (POST; the key is in this one response and nowhere else), list
 * (GET), show ({@code GET …/{id}}), rotate ({@code POST …/{id}/rotate}, old key works for the grace
 * period) and revoke ({@code DELETE …/{id}}, at once). Listings never include hashes.
 */
final class ApiKeyEndpoints {

    static final String PATH = "/admin/api/keys";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REQUEST_BYTES = 16 * 1024;

    private final Vertx vertx;
    private final Gateway gateway;

    ApiKeyEndpoints(Vertx vertx, Gateway gateway) {
        this.vertx = vertx;
        this.gateway = gateway;
    }

    boolean handles(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    void handle(HttpServerRequest request) {
        ApiKeysConfig config = gateway.runtime().config().apiKeys();
        ApiKeys keys = gateway.apiKeys();
        if (config == null) {
            AdminServer.problem(request.response(), 404, "no_route", "API keys are not configured (apiKeys.pepper).");
            return;
        }
        String rest = request.path().substring(PATH.length());
        HttpMethod method = request.method();
        if (rest.isEmpty() && method == HttpMethod.GET) {
            ArrayNode out = JSON.createArrayNode();
            long now = System.currentTimeMillis();
            keys.list().forEach(k -> out.add(json(k, now)));
            send(request, 200, out);
        } else if (rest.isEmpty() && method == HttpMethod.POST) {
            withBody(request, body -> {
                String name = text(body, "name");
                if (name == null || name.isBlank() || name.length() > 200) {
                    throw new IllegalArgumentException("name is required (at most 200 characters)");
                }
                Set<String> scopes = scopes(body.path("scopes"));
                Duration expiresIn = body.hasNonNull("expiresIn") ? Durations.parse(body.get("expiresIn").asText()) : null;
                String owner = text(body, "owner");
                String plan = text(body, "plan");
                return () -> keys.create(config.environment(), name, owner, scopes, plan, expiresIn);
            }, created -> send(request, 201, withKey(created)));
        } else if (rest.matches("/[A-Za-z0-9_]{1,64}") && method == HttpMethod.GET) {
            ApiKey key = keys.get(rest.substring(1));
            if (key == null) {
                AdminServer.problem(request.response(), 404, "not_found", "No API key with this id.");
            } else {
                send(request, 200, json(key, System.currentTimeMillis()));
            }
        } else if (rest.matches("/[A-Za-z0-9_]{1,64}") && method == HttpMethod.DELETE) {
            String id = rest.substring(1);
            AdminRequests.blocking(vertx, request, () -> keys.revoke(id), revoked -> {
                if (revoked) {
                    request.response().setStatusCode(204).end();
                } else {
                    AdminServer.problem(request.response(), 404, "not_found", "No working API key with this id.");
                }
            });
        } else if (rest.matches("/[A-Za-z0-9_]{1,64}/rotate") && method == HttpMethod.POST) {
            String id = rest.substring(1, rest.length() - "/rotate".length());
            withBody(request, body -> {
                Duration grace = body.hasNonNull("grace") ? Durations.parse(body.get("grace").asText()) : config.rotationGrace();
                if (grace.compareTo(Duration.ofDays(30)) > 0) {
                    throw new IllegalArgumentException("grace is at most 30d");
                }
                return () -> keys.rotate(id, config.environment(), grace);
            }, created -> {
                if (created == null) {
                    AdminServer.problem(request.response(), 404, "not_found", "No working, unrotated API key with this id.");
                } else {
                    send(request, 201, withKey(created));
                }
            });
        } else {
            AdminServer.problem(request.response(), 405, "method_not_allowed",
                    "Use GET/POST " + PATH + ", GET/DELETE " + PATH + "/{id}, POST " + PATH + "/{id}/rotate.");
        }
    }

    private interface BodyParser<T> {
        Callable<T> parse(JsonNode body);
    }

    /** Parses the body (an empty one is {}), then runs the store work off the event loop. */
    private <T> void withBody(HttpServerRequest request, BodyParser<T> parser, java.util.function.Consumer<T> done) {
        AdminRequests.readObject(request, MAX_REQUEST_BYTES, true,
                body -> AdminRequests.blocking(vertx, request, parser.parse(body), done));
    }

    private static Set<String> scopes(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        if (node.isArray()) {
            node.forEach(s -> out.add(s.asText()));
        } else if (node.isTextual()) {
            for (String s : node.asText().trim().split("\\s+")) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        for (String s : out) {
            if (!s.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}")) {
                throw new IllegalArgumentException("'" + s + "' is not a scope");
            }
        }
        return out;
    }

    private static String text(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }

    private static ObjectNode withKey(ApiKeys.Created created) {
        ObjectNode out = json(created.record(), System.currentTimeMillis());
        out.put("key", created.key());
        out.put("note", "This is the only time the key is shown; store it now.");
        return out;
    }

    private static ObjectNode json(ApiKey k, long now) {
        ObjectNode out = JSON.createObjectNode();
        out.put("id", k.id());
        out.put("prefix", k.prefix());
        out.put("name", k.name());
        if (k.owner() != null) {
            out.put("owner", k.owner());
        }
        k.scopes().forEach(out.putArray("scopes")::add);
        if (k.plan() != null) {
            out.put("plan", k.plan());
        }
        out.put("status", k.status(now));
        out.put("created", Instant.ofEpochMilli(k.createdAtMillis()).toString());
        if (k.expiresAtMillis() != 0) {
            out.put("expires", Instant.ofEpochMilli(k.expiresAtMillis()).toString());
        }
        if (k.revokedAtMillis() != 0) {
            out.put(k.revokedAtMillis() > now ? "stopsAt" : "revoked", Instant.ofEpochMilli(k.revokedAtMillis()).toString());
        }
        if (k.replacedBy() != null) {
            out.put("replacedBy", k.replacedBy());
        }
        if (k.lastUsedAtMillis() != 0) {
            out.put("lastUsed", Instant.ofEpochMilli(k.lastUsedAtMillis()).toString());
        }
        return out;
    }

    private static void send(HttpServerRequest request, int status, Object body) {
        request.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toString());
    }
}
