package io.vigil.audit;

import java.time.Instant;

/**
 * Encodes decision records as JSON lines. Hand-written rather than Jackson because it runs once
 * per request and profiling showed the generic generator and {@code Instant.toString()} as the
 * larger part of the decision log's cost. Not thread-safe: the log's writer thread owns one.
 */
final class DecisionJson {

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
        if (r.principal() != null) {
            b.append(",\"principal\":{\"sub\":");
            string(b, r.principal());
            b.append(",\"method\":");
            string(b, r.authMethod());
            b.append('}');
        }
        optional(b, "upstream", r.upstream());
        b.append(",\"latencyMicros\":{\"gateway\":").append(r.gatewayMicros());
        if (r.upstreamMicros() >= 0) {
            b.append(",\"upstream\":").append(r.upstreamMicros());
        }
        b.append("}}");
        return b;
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
