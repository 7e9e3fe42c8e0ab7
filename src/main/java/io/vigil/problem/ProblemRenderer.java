package io.vigil.problem;

import io.vigil.auth.Authenticator;
import io.vigil.auth.jwt.JwtAuthenticator;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Key;
import io.vigil.pipeline.Reason;
import io.vigil.route.Route;
import io.vigil.route.RouteStage;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place a denial becomes an HTTP response. Token errors get an RFC 6750
 * {@code WWW-Authenticate} challenge; everything gets an RFC 9457 problem document whose
 * {@code instance} is the request id. Details come from {@link Decision.Deny#detail()}, which
 * stages write without secrets; nothing from the request is echoed here.
 */
public final class ProblemRenderer {

    /**
     * Extra parameters a denying stage puts into its RFC 6750 challenge, already formatted from
     * values checked at config load: {@code scope="…"}, {@code acr_values="…", max_age=N}.
     */
    public static final Key<String> CHALLENGE_PARAMS = Key.of("problem.challengeParams", String.class);

    private final String realm;

    public ProblemRenderer(String realm) {
        this.realm = realm;
    }

    /**
     * The response for a denial, ready for either front end to write. Also records the outcome
     * on the exchange.
     */
    public ProblemResponse render(Exchange exchange, Decision.Deny deny) {
        Reason reason = deny.reason();
        exchange.completed(reason.status, reason);
        List<String> headers = new ArrayList<>(12);
        headers.add("content-type");
        headers.add("application/problem+json");
        headers.add("cache-control");
        headers.add("no-store");
        headers.add("x-request-id");
        headers.add(exchange.requestId());
        String challenge = challenge(exchange, deny);
        if (challenge != null) {
            headers.add("www-authenticate");
            headers.add(challenge);
        }
        if (exchange.responseHeaders() != null) {
            headers.addAll(exchange.responseHeaders());
        }
        String allow = exchange.get(RouteStage.ALLOW);
        if (reason == Reason.METHOD_NOT_ALLOWED && allow != null) {
            headers.add("allow");
            headers.add(allow);
        }
        // After a malformed or oversized request the connection's framing can't be trusted.
        boolean close = reason.status == 400 || reason.status == 408 || reason.status == 413
                || reason.status == 414 || reason.status == 431;
        return new ProblemResponse(reason.status, headers, body(exchange, deny), close);
    }

    /** The problem document alone, for callers that write their own response. */
    public static String body(Exchange exchange, Decision.Deny deny) {
        Reason reason = deny.reason();
        StringBuilder json = new StringBuilder(256);
        json.append("{\"type\":\"").append(reason.type)
                .append("\",\"title\":");
        appendString(json, reason.title);
        json.append(",\"status\":").append(reason.status)
                .append(",\"detail\":");
        appendString(json, deny.detail());
        json.append(",\"instance\":");
        appendString(json, "urn:vigil:request:" + exchange.requestId());
        json.append(",\"reason\":\"").append(reason.code).append("\"}");
        return json.toString();
    }

    private String challenge(Exchange exchange, Decision.Deny deny) {
        Reason reason = deny.reason();
        if (reason == Reason.CREDENTIALS_MISSING) {
            // RFC 6750 §3: no credentials at all gets a bare challenge, without an error code.
            Route route = exchange.route();
            StringBuilder challenges = new StringBuilder();
            if (route != null) {
                for (Authenticator authenticator : route.authenticators()) {
                    String c = authenticator.challenge();
                    if (c != null) {
                        challenges.append(challenges.length() == 0 ? "" : ", ").append(c);
                    }
                }
            }
            return challenges.length() == 0 ? "Bearer realm=\"" + realm + "\"" : challenges.toString();
        }
        if (reason == Reason.API_KEY_INVALID) {
            // Every 401 carries a challenge (RFC 9110 §15.5.2); this one names the key scheme.
            return "ApiKey realm=\"" + realm + "\"";
        }
        if (reason == Reason.DPOP_PROOF_INVALID) {
            return "DPoP realm=\"" + realm + "\", error=\"invalid_dpop_proof\", error_description=\""
                    + safe(deny.detail()) + "\", algs=\"" + JwtAuthenticator.DPOP_ALGORITHMS + "\"";
        }
        if (reason.bearerError == null) {
            return null;
        }
        // A request that used the DPoP scheme is answered in it (RFC 9449 §7.1).
        String scheme = Boolean.TRUE.equals(exchange.get(JwtAuthenticator.DPOP_SCHEME)) ? "DPoP" : "Bearer";
        StringBuilder c = new StringBuilder(scheme).append(" realm=\"").append(realm).append("\", error=\"")
                .append(reason.bearerError.code).append('"');
        if (!deny.detail().isEmpty()) {
            c.append(", error_description=\"").append(safe(deny.detail())).append('"');
        }
        String params = exchange.get(CHALLENGE_PARAMS);
        if (params != null && !params.isEmpty()) {
            c.append(", ").append(params);
        }
        return c.toString();
    }

    /** A description inside a quoted challenge parameter: no quote or backslash can end it early. */
    private static String safe(String detail) {
        return detail.replace("\"", "'").replace("\\", "");
    }

    static void appendString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
