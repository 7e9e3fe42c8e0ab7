package io.vigil.audit;

import io.vigil.auth.Principal;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Reason;
import io.vigil.route.Route;

/**
 * One line of the decision log: what was asked, what was decided and why, and what it cost.
 * Snapshotted from the {@link Exchange} on the event loop (plain field copies), encoded later on
 * the writer thread. Never holds a credential: the path is the normalised path without the
 * query string, which may carry tokens.
 *
 * <p>It also holds what {@code vigil replay} needs to decide the request again under another
 * config: the scheme, the headers named in {@code decisionLog.headers} (never credentials), and
 * the principal as established (its claims minus {@code decisionLog.sensitiveClaims}, which the
 * encoder drops).
 *
 * @param rule the policy or limit that refused, when one did
 * @param wouldDeny what controls in dry-run would have refused (the request went on)
 * @param headers name, value pairs of the recorded headers; empty when none are configured
 * @param principal the caller as authenticated, or null
 * @param risk the request's risk score and factors, or null when no risk stage ran
 * @param requestContentType the request body's {@code Content-Type} (for discovery; not logged), or null
 * @param responseContentType the response's {@code Content-Type} (for discovery; not logged), or null
 */
public record DecisionRecord(
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
        String detail,
        String rule,
        java.util.List<io.vigil.pipeline.Decision.Deny> wouldDeny,
        String client,
        java.util.List<String> headers,
        Principal principal,
        io.vigil.risk.RiskAssessment risk,
        String upstream,
        long gatewayMicros,
        long upstreamMicros,
        long responseBytes,
        String requestContentType,
        String responseContentType) {

    public static DecisionRecord of(Exchange exchange) {
        return of(exchange, java.util.List.of());
    }

    /** @param headerNames lower-case names of the request headers to record */
    public static DecisionRecord of(Exchange exchange, java.util.List<String> headerNames) {
        Route route = exchange.route();
        Principal principal = exchange.principal();
        long total = Math.max(0, exchange.endNanos() - exchange.startNanos());
        long upstream = exchange.upstreamNanos();
        Reason reason = exchange.outcome();
        String path = exchange.path();
        return new DecisionRecord(
                exchange.startEpochMillis(),
                exchange.requestId(),
                route == null ? null : route.id(),
                exchange.method(),
                exchange.scheme(),
                exchange.host(),
                path == null ? "(rejected before normalisation)" : path,
                exchange.status(),
                exchange.denial() == null ? "allow" : "deny",
                reason.code,
                exchange.denial() == null ? null : exchange.denial().detail(),
                exchange.denial() == null ? null : exchange.denial().rule(),
                exchange.wouldDeny(),
                exchange.clientAddress(),
                headers(exchange, headerNames),
                principal,
                exchange.get(io.vigil.risk.RiskStage.ASSESSMENT),
                exchange.upstreamTarget(),
                (upstream < 0 ? total : Math.max(0, total - upstream)) / 1000,
                upstream < 0 ? -1 : upstream / 1000,
                exchange.responseBytes(),
                exchange.requestContentType(),
                exchange.responseContentType());
    }

    private static java.util.List<String> headers(Exchange exchange, java.util.List<String> names) {
        if (names.isEmpty()) {
            return java.util.List.of();
        }
        java.util.List<String> out = new java.util.ArrayList<>(names.size() * 2);
        for (String name : names) {
            java.util.List<String> values = exchange.headers().getAll(name);
            if (!values.isEmpty()) {
                out.add(name);
                out.add(values.size() == 1 ? values.get(0) : String.join(",", values));
            }
        }
        return out;
    }
}
