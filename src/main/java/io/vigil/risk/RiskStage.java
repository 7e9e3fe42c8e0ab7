package io.vigil.risk;

import io.vertx.core.Future;
import io.vigil.auth.Principal;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Key;
import io.vigil.pipeline.Mode;
import io.vigil.pipeline.Phase;
import io.vigil.pipeline.Reason;
import io.vigil.pipeline.Stage;
import io.vigil.problem.ProblemRenderer;
import java.util.Map;
import java.util.Set;

/**
 * Scores every authenticated request (and public ones, by network and time) and acts on the
 * score: above {@code denyAbove} it is refused ({@code risk_too_high}); above
 * {@code stepUpAbove} a person whose login is not both strong ({@code stepUpAcr}) and recent
 * ({@code stepUpMaxAge}) gets the RFC 9470 step-up challenge, naming both. Runs at the start of the authorization phase, so that policies see
 * {@code risk.score} and {@code risk.factors}; the decision log records the score and factors.
 */
public final class RiskStage implements Stage {

    /** The assessment of this request, for policies and the decision log. */
    public static final Key<RiskAssessment> ASSESSMENT = Key.of("risk.assessment", RiskAssessment.class);

    /** Per-route thresholds; 100 means never. */
    public record Thresholds(int stepUpAbove, int denyAbove, int terminateAbove) {
    }

    private final RiskEngine engine;
    private final Thresholds defaults;
    private final Map<String, Thresholds> byRoute;
    private final Set<String> strongAcr;
    private final long maxAgeSeconds;
    private final String challenge;
    private final Mode mode;
    private final io.vigil.auth.revocation.Revocations revocations;
    private final io.vigil.alert.Alerts alerts;

    public RiskStage(RiskEngine engine, Thresholds defaults, Map<String, Thresholds> byRoute, Set<String> strongAcr,
            long maxAgeSeconds, Mode mode, io.vigil.auth.revocation.Revocations revocations, io.vigil.alert.Alerts alerts) {
        this.revocations = revocations;
        this.alerts = alerts;
        this.engine = engine;
        this.defaults = defaults;
        this.byRoute = Map.copyOf(byRoute);
        this.strongAcr = Set.copyOf(strongAcr);
        this.maxAgeSeconds = maxAgeSeconds;
        String acr = strongAcr.isEmpty() ? "" : "acr_values=\"" + String.join(" ", strongAcr) + "\"";
        this.challenge = maxAgeSeconds <= 0 ? acr : acr + (acr.isEmpty() ? "" : ", ") + "max_age=" + maxAgeSeconds;
        this.mode = mode;
    }

    @Override
    public Phase phase() {
        return Phase.AUTHORIZE;
    }

    @Override
    public Future<Decision> apply(Exchange exchange) {
        RiskAssessment risk = engine.assess(exchange);
        exchange.set(ASSESSMENT, risk);
        if (risk.score() == 0) {
            return Decision.CONTINUE_FUTURE;
        }
        Thresholds limits = byRoute.getOrDefault(exchange.route().id(), defaults);
        Principal caller = exchange.principal();
        if (risk.score() > limits.terminateAbove() && caller != null && caller.type() != Principal.Type.ANONYMOUS
                && compromised(risk)) {
            Decision.Deny deny = Decision.deny(Reason.SESSION_TERMINATED,
                    "This session was ended: sign in again.", "risk>" + limits.terminateAbove());
            if (mode == Mode.DRY_RUN) {
                return mode.deny(exchange, deny);
            }
            terminate(exchange, caller, risk);
            return Future.succeededFuture(deny);
        }
        if (risk.score() > limits.denyAbove()) {
            return mode.deny(exchange, Decision.deny(Reason.RISK_TOO_HIGH,
                    "The request was refused as too risky.", "risk>" + limits.denyAbove()));
        }
        Principal principal = exchange.principal();
        if (risk.score() > limits.stepUpAbove() && principal != null && principal.type() == Principal.Type.USER
                && !recentStrongLogin(principal, exchange)) {
            Future<Decision> result = mode.deny(exchange, Decision.deny(Reason.STEP_UP_REQUIRED,
                    "This request needs a stronger authentication.", "risk>" + limits.stepUpAbove()));
            if (result != Decision.CONTINUE_FUTURE) {
                exchange.set(ProblemRenderer.CHALLENGE_PARAMS, challenge);
            }
            return result;
        }
        return Decision.CONTINUE_FUTURE;
    }

    /**
     * Factors that say the credential is in someone else's hands (or on a device no longer
     * trusted), not merely that its owner is behaving unusually. Ending a session for good (and a
     * service's key with it) needs one of them; behaviour alone, however odd (a nightly batch
     * looks like scraping), is refused request by request instead.
     */
    static final Set<String> COMPROMISE = Set.of("device.fingerprint_changed", "device.noncompliant",
            "network.impossible_travel", "network.known_bad", "network.new_country");

    private static boolean compromised(RiskAssessment risk) {
        for (Factor f : risk.factors()) {
            if (COMPROMISE.contains(f.name())) {
                return true;
            }
        }
        return false;
    }

    private boolean recentStrongLogin(Principal p, Exchange exchange) {
        if (p.acr() == null || !strongAcr.contains(p.acr())) {
            return false;
        }
        // maxAge 0: the acr alone answers (identity providers whose access tokens carry no auth_time).
        return maxAgeSeconds <= 0 || (p.authTime() > 0 && exchange.startEpochMillis() / 1000 - p.authTime() <= maxAgeSeconds);
    }

    /**
     * Revokes what this request authenticated with for the rest of its life: its session if the
     * token names one, else the token (or API key) itself, else every credential of the subject
     * issued until now. Every later request with it is refused ({@code token_revoked}).
     */
    private void terminate(Exchange exchange, Principal caller, RiskAssessment risk) {
        io.vigil.auth.revocation.Revocation.Kind kind;
        String value;
        Long issuedBefore = null;
        if (caller.sessionId() != null) {
            kind = io.vigil.auth.revocation.Revocation.Kind.SID;
            value = caller.sessionId();
        } else if (caller.tokenId() != null) {
            kind = io.vigil.auth.revocation.Revocation.Kind.JTI;
            value = caller.tokenId();
        } else {
            kind = io.vigil.auth.revocation.Revocation.Kind.SUB;
            value = caller.subject();
            issuedBefore = exchange.startEpochMillis() / 1000 + 1;
        }
        String reason = "risk " + risk.score() + ": " + String.join(", ", risk.names());
        // A session or subject outlives any one token: keep those until lifted; a token only until it expires.
        long expires = kind == io.vigil.auth.revocation.Revocation.Kind.JTI && caller.expiresAt() > 0
                ? caller.expiresAt() * 1000 : 0;
        revocations.revokeNow(kind, value, caller.issuer(), issuedBefore, expires, reason);
        alerts.raise(new io.vigil.alert.Alert(java.util.UUID.randomUUID().toString(), System.currentTimeMillis(),
                "session_terminated", caller.subject(), caller.issuer(), exchange.route().id(), exchange.requestId(),
                risk.score(), risk.names(), kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + value));
    }
}
