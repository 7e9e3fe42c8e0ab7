package io.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.auth.dev.DevIssuer;
import io.vigil.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The development issuer on the admin listener: its discovery document and JWKS (public, like
 * any provider's), and {@code POST /admin/api/dev-issuer/tokens}, which mints a token and needs
 * the admin credentials.
 */
final class DevIssuerEndpoints {

    static final String MINT_PATH = "/admin/api/dev-issuer/tokens";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final DevIssuer issuer;

    DevIssuerEndpoints(DevIssuer issuer) {
        this.issuer = issuer;
    }

    /** Serves the public documents; false when the path is not one of them. */
    boolean servePublic(HttpServerRequest request) {
        String path = request.path();
        String body;
        if (path.equals(issuer.discoveryPath())) {
            body = issuer.discoveryDocument();
        } else if (path.equals(issuer.jwksPath())) {
            body = issuer.jwks();
        } else {
            return false;
        }
        request.response().setStatusCode(200).putHeader("content-type", "application/json")
                .putHeader("cache-control", "max-age=300").end(body);
        return true;
    }

    /** {@code {"sub":"alice","scope":"orders:read","ttl":"5m","aud":"orders-api","claims":{...}}}. */
    void mint(HttpServerRequest request) {
        AdminRequests.readObject(request, MAX_REQUEST_BYTES, false, body -> {
            DevIssuer.Minted minted = issuer.mint(parse(body));
            ObjectNode out = JSON.createObjectNode().put("access_token", minted.token()).put("token_type", "Bearer")
                    .put("expires_in", minted.expiresIn());
            request.response().setStatusCode(201).putHeader("content-type", "application/json").end(out.toString());
        });
    }

    private static DevIssuer.MintRequest parse(JsonNode body) {
        List<String> scopes = new ArrayList<>();
        JsonNode scope = body.path("scope");
        if (scope.isTextual()) {
            for (String s : scope.asText().trim().split("\\s+")) {
                if (!s.isEmpty()) {
                    scopes.add(s);
                }
            }
        } else if (scope.isArray()) {
            scope.forEach(s -> scopes.add(s.asText()));
        }
        Duration ttl = body.hasNonNull("ttl") ? Durations.parse(body.get("ttl").asText()) : null;
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = body.has("claims") ? JSON.convertValue(body.get("claims"), Map.class) : null;
        return new DevIssuer.MintRequest(body.path("sub").asText(null), scopes, ttl,
                body.hasNonNull("aud") ? body.get("aud").asText() : null, claims);
    }
}
