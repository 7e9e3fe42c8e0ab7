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
 * {@code stepUpAbove} a caller whose login is not already strong ({@code stepUpAcr}) gets the
 * RFC 9470 step-up challenge. Runs at the start of the authorization phase, so that policies see
 * {@code risk.score} and {@code risk.factors}; the decision log records the score and factors.
 */
public final class RiskStage implements Stage {

    /** The assessment of this request, for policies and the decision log. */
    public static final Key<RiskAssessment> ASSESSMENT = Key.of("risk.assessment", RiskAssessment.class);

    /** Per-route thresholds; 100 means never. */
    public record Thresholds(int stepUpAbove, int denyAbove) {
    }

    private final RiskEngine engine;
    private final Thresholds defaults;
    private final Map<String, Thresholds> byRoute;
    private final Set<String> strongAcr;
    private final String challenge;
    private final Mode mode;

    public RiskStage(RiskEngine engine, Thresholds defaults, Map<String, Thresholds> byRoute, Set<String> strongAcr,
            Mode mode) {
        this.engine = engine;
        this.defaults = defaults;
        this.byRoute = Map.copyOf(byRoute);
        this.strongAcr = Set.copyOf(strongAcr);
        this.challenge = strongAcr.isEmpty() ? "" : "acr_values=\"" + String.join(" ", strongAcr) + "\"";
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
        if (risk.score() > limits.denyAbove()) {
            return mode.deny(exchange, Decision.deny(Reason.RISK_TOO_HIGH,
                    "The request was refused as too risky.", "risk>" + limits.denyAbove()));
        }
        Principal principal = exchange.principal();
        if (risk.score() > limits.stepUpAbove() && principal != null && principal.type() == Principal.Type.USER
                && (principal.acr() == null || !strongAcr.contains(principal.acr()))) {
            Future<Decision> result = mode.deny(exchange, Decision.deny(Reason.STEP_UP_REQUIRED,
                    "This request needs a stronger authentication.", "risk>" + limits.stepUpAbove()));
            if (result != Decision.CONTINUE_FUTURE && !challenge.isEmpty()) {
                exchange.set(ProblemRenderer.CHALLENGE_PARAMS, challenge);
            }
            return result;
        }
        return Decision.CONTINUE_FUTURE;
    }
}
