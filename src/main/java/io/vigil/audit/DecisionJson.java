package io.vigil.audit;

import java.time.Instant;

/**
 * Encodes decision records as JSON lines. Hand-written rather than Jackson because it runs once
 * per request and profiling showed the generic generator and {@code Instant.toString()} as the
 * larger part of the decision log's cost. Not thread-safe: the log's writer thread owns one.
 */
final class DecisionJson {

    /** Deeper claim structures are cut: a token must not make the log line unbounded. */
    private static final int MAX_DEPTH = 6;
    /**
     * Claims already written as principal fields (or of no use to replay): left out of
     * {@code claims} to keep each line short; replay puts the ones it needs back.
     */
    static final java.util.Set<String> CLAIMS_AS_FIELDS = java.util.Set.of("iss", "sub", "jti", "sid", "acr", "amr",
            "auth_time", "exp", "iat", "nbf");

    private final java.util.Set<String> sensitiveClaims;

    /**
     * Encoded principals, direct-mapped by identity. A verified token's principal is one object
     * reused for every request that presents the token, so its claims are encoded once rather than
     * once per request (profiling showed them as a third of the log's cost). Writer thread only.
     */
    private static final int PRINCIPAL_SLOTS = 4096;
    private final io.vigil.auth.Principal[] principalKeys = new io.vigil.auth.Principal[PRINCIPAL_SLOTS];
    private final String[] principalJson = new String[PRINCIPAL_SLOTS];
    private final StringBuilder scratch = new StringBuilder(256);

    DecisionJson() {
        this(java.util.Set.of());
    }

    /** @param sensitiveClaims top-level claims never written */
    DecisionJson(java.util.Set<String> sensitiveClaims) {
        this.sensitiveClaims = sensitiveClaims;
    }

    private final StringBuilder line = new StringBuilder(512);
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedSecondText;

    /** The record as one JSON object, without the newline. The builder is reused. */
    CharSequence encode(DecisionRecord r) {
        StringBuilder b = line;
        b.setLength(0);
        b.append("{\"time\":\"");
        appendTime(b, r.time());
        b.append("\",\"requestId\":");
        string(b, r.requestId());
        optional(b, "route", r.route());
        b.append(",\"method\":");
        string(b, r.method());
        optional(b, "scheme", r.scheme());
        optional(b, "host", r.host());
        b.append(",\"path\":");
        string(b, r.path());
        b.append(",\"status\":").append(r.status());
        b.append(",\"decision\":");
        string(b, r.decision());
        b.append(",\"reasons\":[");
        string(b, r.reason());
        b.append(']');
        optional(b, "detail", r.detail());
        optional(b, "rule", r.rule());
        if (!r.wouldDeny().isEmpty()) {
            b.append(",\"wouldDeny\":[");
            for (int i = 0; i < r.wouldDeny().size(); i++) {
                io.vigil.pipeline.Decision.Deny deny = r.wouldDeny().get(i);
                b.append(i == 0 ? "{\"reason\":" : ",{\"reason\":");
                string(b, deny.reason().code);
                optional(b, "rule", deny.rule());
                b.append('}');
            }
            b.append(']');
        }
        b.append(",\"client\":");
        string(b, r.client());
        if (!r.headers().isEmpty()) {
            b.append(",\"headers\":{");
            for (int i = 0; i < r.headers().size(); i += 2) {
                if (i > 0) {
                    b.append(',');
                }
                string(b, r.headers().get(i));
                b.append(':');
                string(b, r.headers().get(i + 1));
            }
            b.append('}');
        }
        if (r.principal() != null) {
            b.append(encodedPrincipal(r.principal()));
        }
        if (r.risk() != null) {
            b.append(",\"risk\":{\"score\":").append(r.risk().score());
            if (!r.risk().factors().isEmpty()) {
                b.append(",\"factors\":[");
                for (int i = 0; i < r.risk().factors().size(); i++) {
                    io.vigil.risk.Factor f = r.risk().factors().get(i);
                    b.append(i == 0 ? "{\"name\":" : ",{\"name\":");
                    string(b, f.name());
                    b.append(",\"weight\":").append(f.weight());
                    optional(b, "evidence", f.evidence());
                    b.append('}');
                }
                b.append(']');
            }
            b.append('}');
        }
        optional(b, "upstream", r.upstream());
        if (r.responseBytes() > 0) {
            b.append(",\"responseBytes\":").append(r.responseBytes());
        }
        b.append(",\"latencyMicros\":{\"gateway\":").append(r.gatewayMicros());
        if (r.upstreamMicros() >= 0) {
            b.append(",\"upstream\":").append(r.upstreamMicros());
        }
        b.append("}}");
        return b;
    }

    private String encodedPrincipal(io.vigil.auth.Principal p) {
        int slot = System.identityHashCode(p) & (PRINCIPAL_SLOTS - 1);
        if (principalKeys[slot] == p) {
            return principalJson[slot];
        }
        scratch.setLength(0);
        principal(scratch, p);
        String json = scratch.toString();
        principalKeys[slot] = p;
        principalJson[slot] = json;
        return json;
    }

    /** The caller as authenticated: enough for {@code vigil replay} to run policies again. */
    private void principal(StringBuilder b, io.vigil.auth.Principal p) {
        b.append(",\"principal\":{\"sub\":");
        string(b, p.subject());
        b.append(",\"method\":");
        string(b, p.method());
        b.append(",\"type\":");
        string(b, p.type().name().toLowerCase(java.util.Locale.ROOT));
        optional(b, "issuer", p.issuer());
        if (!p.scopes().isEmpty()) {
            b.append(",\"scopes\":");
            value(b, p.scopes(), 0);
        }
        if (!p.roles().isEmpty()) {
            b.append(",\"roles\":");
            value(b, p.roles(), 0);
        }
        optional(b, "tenant", p.tenant());
        optional(b, "acr", p.acr());
        if (!p.amr().isEmpty()) {
            b.append(",\"amr\":");
            value(b, p.amr(), 0);
        }
        if (p.authTime() > 0) {
            b.append(",\"authTime\":").append(p.authTime());
        }
        optional(b, "sessionId", p.sessionId());
        optional(b, "deviceId", p.deviceId());
        optional(b, "tokenId", p.tokenId());
        if (!p.claims().isEmpty()) {
            b.append(",\"claims\":{");
            boolean first = true;
            for (java.util.Map.Entry<String, Object> claim : p.claims().entrySet()) {
                if (sensitiveClaims.contains(claim.getKey()) || CLAIMS_AS_FIELDS.contains(claim.getKey())) {
                    continue;
                }
                if (!first) {
                    b.append(',');
                }
                first = false;
                string(b, claim.getKey());
                b.append(':');
                value(b, claim.getValue(), 1);
            }
            b.append('}');
        }
        b.append('}');
    }

    /** Any claim value: JSON scalars, maps and collections; anything else as its text. */
    private static void value(StringBuilder b, Object value, int depth) {
        if (value == null) {
            b.append("null");
        } else if (value instanceof String s) {
            string(b, s);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            b.append(value);
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d)) {
                b.append(value);
            } else {
                b.append("null");
            }
        } else if (depth >= MAX_DEPTH) {
            string(b, "(nested too deep)");
        } else if (value instanceof java.util.Map<?, ?> map) {
            b.append('{');
            boolean first = true;
            for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                string(b, String.valueOf(e.getKey()));
                b.append(':');
                value(b, e.getValue(), depth + 1);
            }
            b.append('}');
        } else if (value instanceof java.util.Collection<?> list) {
            b.append('[');
            boolean first = true;
            for (Object element : list) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                value(b, element, depth + 1);
            }
            b.append(']');
        } else {
            string(b, value.toString());
        }
    }

    /** ISO-8601 UTC with milliseconds; the part up to the second is formatted once per second. */
    private void appendTime(StringBuilder b, long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        if (second != cachedSecond) {
            String full = Instant.ofEpochSecond(second).toString();
            cachedSecondText = full.substring(0, full.length() - 1);
            cachedSecond = second;
        }
        int millis = (int) Math.floorMod(epochMillis, 1000);
        b.append(cachedSecondText).append('.');
        if (millis < 100) {
            b.append('0');
        }
        if (millis < 10) {
            b.append('0');
        }
        b.append(millis).append('Z');
    }

    private static void optional(StringBuilder b, String name, String value) {
        if (value != null) {
            b.append(",\"").append(name).append("\":");
            string(b, value);
        }
    }

    private static boolean needsEscape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    private static void string(StringBuilder b, String value) {
        if (value == null) {
            b.append("null");
            return;
        }
        b.append('"');
        if (!needsEscape(value)) {
            b.append(value).append('"');
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                switch (c) {
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> b.append(String.format("\\u%04x", (int) c));
                }
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }
}
