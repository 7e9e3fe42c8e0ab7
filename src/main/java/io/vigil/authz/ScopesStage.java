package io.vigil.authz;

import io.vertx.core.Future;
import io.vigil.auth.Principal;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Phase;
import io.vigil.pipeline.Reason;
import io.vigil.pipeline.Stage;
import io.vigil.problem.ProblemRenderer;
import java.util.List;

/**
 * A route's {@code scopes:}: the caller must hold every one (RFC 6750 §3.1
 * {@code insufficient_scope}, with the scopes named in the challenge).
 */
public final class ScopesStage implements Stage {

    @Override
    public Phase phase() {
        return Phase.AUTHORIZE;
    }

    @Override
    public Future<Decision> apply(Exchange exchange) {
        List<String> required = exchange.route().scopes();
        if (required.isEmpty()) {
            return Decision.CONTINUE_FUTURE;
        }
        Principal principal = exchange.principal();
        if (principal != null && principal.hasScopes(required)) {
            return Decision.CONTINUE_FUTURE;
        }
        // Scope tokens cannot contain '"' or '\\' (RFC 6749 §3.3): checked at config load.
        exchange.set(ProblemRenderer.CHALLENGE_PARAMS, "scope=\"" + String.join(" ", required) + "\"");
        return Future.succeededFuture(Decision.deny(Reason.INSUFFICIENT_SCOPE,
                "The token does not grant the scopes this route requires."));
    }
}
