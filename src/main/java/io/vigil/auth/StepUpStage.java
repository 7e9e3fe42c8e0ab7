package io.vigil.auth;

import io.vertx.core.Future;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Phase;
import io.vigil.pipeline.Reason;
import io.vigil.pipeline.Stage;
import io.vigil.problem.ProblemRenderer;
import io.vigil.route.Route;

/**
 * A route's {@code stepUp:} (RFC 9470): the login behind the token must be strong enough
 * ({@code acr} one of the listed values) and recent enough ({@code auth_time} within
 * {@code maxAge}). Otherwise 401 {@code insufficient_user_authentication}, with the
 * {@code acr_values} and {@code max_age} the client should ask its identity provider for.
 */
public final class StepUpStage implements Stage {

    @Override
    public Phase phase() {
        return Phase.AUTHENTICATE;
    }

    @Override
    public Future<Decision> apply(Exchange exchange) {
        Route.StepUp stepUp = exchange.route().stepUp();
        Principal principal = exchange.principal();
        if (stepUp == null || principal == null) {
            return Decision.CONTINUE_FUTURE;
        }
        boolean acrOk = stepUp.acrValues().isEmpty() || (principal.acr() != null && stepUp.acrValues().contains(principal.acr()));
        boolean fresh = stepUp.maxAgeSeconds() <= 0 || (principal.authTime() > 0
                && exchange.startEpochMillis() / 1000 - principal.authTime() <= stepUp.maxAgeSeconds());
        if (acrOk && fresh) {
            return Decision.CONTINUE_FUTURE;
        }
        exchange.set(ProblemRenderer.CHALLENGE_PARAMS, stepUp.challenge());
        return exchange.route().mode().deny(exchange, Decision.deny(Reason.STEP_UP_REQUIRED, !acrOk
                ? "This route needs a stronger authentication."
                : "This route needs a more recent authentication."));
    }
}
