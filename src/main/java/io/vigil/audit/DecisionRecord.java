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
 * @param rule the policy or limit that refused, when one did
 * @param wouldDeny what controls in dry-run would have refused (the request went on)
 */
public record DecisionRecord(
        long time,
        String requestId,
        String route,
        String method,
        String host,
        String path,
        int status,
        String decision,
        String reason,
        String detail,
        String rule,
        java.util.List<io.vigil.pipeline.Decision.Deny> wouldDeny,
        String client,
        String principal,
        String authMethod,
        String upstream,
        long gatewayMicros,
        long upstreamMicros) {

    public static DecisionRecord of(Exchange exchange) {
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
                exchange.host(),
                path == null ? "(rejected before normalisation)" : path,
                exchange.status(),
                exchange.denial() == null ? "allow" : "deny",
                reason.code,
                exchange.denial() == null ? null : exchange.denial().detail(),
                exchange.denial() == null ? null : exchange.denial().rule(),
                exchange.wouldDeny(),
                exchange.clientAddress(),
                principal == null ? null : principal.subject(),
                principal == null ? null : principal.method(),
                exchange.upstreamTarget(),
                (upstream < 0 ? total : Math.max(0, total - upstream)) / 1000,
                upstream < 0 ? -1 : upstream / 1000);
    }
}
