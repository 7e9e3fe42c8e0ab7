package io.vigil.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.auth.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One decision-log line, read back: the request as the pipeline saw it and what it decided.
 *
 * @param line 1-based line number in the traffic file
 * @param reason the recorded reason code ({@code allowed} for an allow)
 * @param principal the caller as authenticated, or null when there was none
 * @param wouldDeny reason codes of the refusals controls in dry-run recorded
 */
public record RecordedRequest(
        int line,
        long time,
        String requestId,
        String route,
        String method,
        String scheme,
        String host,
        String path,
        int status,
        String decision,
        String reason,
        String rule,
        String client,
        Map<String, String> headers,
        Principal principal,
        List<String> wouldDeny) {

    /** @throws IllegalArgumentException when a field replay needs is missing or malformed */
    static RecordedRequest parse(JsonNode node, int line, ObjectMapper mapper) {
        String time = text(node, "time", true);
        long millis;
        try {
            millis = java.time.Instant.parse(time).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("time '" + time + "' is not an ISO-8601 instant");
        }
        JsonNode reasons = node.get("reasons");
        if (reasons == null || !reasons.isArray() || reasons.isEmpty()) {
            throw new IllegalArgumentException("missing reasons");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode recorded = node.get("headers");
        if (recorded != null && recorded.isObject()) {
            recorded.fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        }
        return new RecordedRequest(line, millis, text(node, "requestId", true), text(node, "route", false),
                text(node, "method", true), node.has("scheme") ? node.get("scheme").asText() : "http",
                text(node, "host", false), text(node, "path", true), node.path("status").asInt(),
                text(node, "decision", true), reasons.get(0).asText(), text(node, "rule", false), text(node, "client", true),
                headers, principal(node.get("principal"), mapper), wouldDeny(node.get("wouldDeny")));
    }

    private static List<String> wouldDeny(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(item -> out.add(item.path("reason").asText()));
        }
        return out;
    }

    private static Principal principal(JsonNode p, ObjectMapper mapper) {
        if (p == null || !p.isObject()) {
            return null;
        }
        Principal.Type type;
        try {
            type = p.has("type") ? Principal.Type.valueOf(p.get("type").asText().toUpperCase(Locale.ROOT)) : Principal.Type.USER;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("principal.type '" + p.get("type").asText() + "' is not known");
        }
        if (type == Principal.Type.ANONYMOUS) {
            return Principal.ANONYMOUS;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = p.has("claims") ? mapper.convertValue(p.get("claims"), LinkedHashMap.class)
                : new LinkedHashMap<>();
        String sub = text(p, "sub", true);
        String issuer = text(p, "issuer", false);
        String acr = text(p, "acr", false);
        List<String> amr = new ArrayList<>(strings(p.get("amr")));
        long authTime = p.path("authTime").asLong(0);
        String sessionId = text(p, "sessionId", false);
        String tokenId = text(p, "tokenId", false);
        // The log writes these as fields rather than claims; policies may read either.
        claims.putIfAbsent("sub", sub);
        putIfPresent(claims, "iss", issuer);
        putIfPresent(claims, "acr", acr);
        putIfPresent(claims, "sid", sessionId);
        putIfPresent(claims, "jti", tokenId);
        if (!amr.isEmpty()) {
            claims.putIfAbsent("amr", amr);
        }
        if (authTime > 0) {
            claims.putIfAbsent("auth_time", authTime);
        }
        return new Principal(type, sub, issuer, text(p, "method", true), strings(p.get("scopes")), strings(p.get("roles")),
                text(p, "tenant", false), acr, amr, authTime, sessionId, text(p, "deviceId", false), tokenId, 0, Map.of(),
                claims, 0);
    }

    private static void putIfPresent(Map<String, Object> claims, String name, String value) {
        if (value != null) {
            claims.putIfAbsent(name, value);
        }
    }

    private static java.util.Set<String> strings(JsonNode array) {
        java.util.Set<String> out = new LinkedHashSet<>();
        if (array != null && array.isArray()) {
            array.forEach(v -> out.add(v.asText()));
        }
        return out;
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("missing " + field);
            }
            return null;
        }
        return value.asText();
    }

    /** Whether the pipeline let the request through (an upstream failure after an allow is still an allow). */
    public boolean allowedByPipeline() {
        return decision.equals("allow") || reason.startsWith("upstream_") || reason.equals("circuit_open")
                || reason.equals("client_aborted");
    }
}
