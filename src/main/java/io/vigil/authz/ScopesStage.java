package io.vigil.authz;

import io.vertx.core.Future;
import io.vigil.auth.Principal;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Key;
import io.vigil.pipeline.Phase;
import io.vigil.pipeline.Reason;
import io.vigil.pipeline.Stage;
import java.util.List;

/**
 * A route's {@code scopes:}: the caller must hold every one (RFC 6750 §3.1
 * {@code insufficient_scope}, with the scopes named in the challenge).
 */
public final class ScopesStage implements Stage {

    /** The scopes a denied request lacked the grant for, space-separated, for the challenge. */
    public static final Key<String> REQUIRED = Key.of("scopes.required", String.class);

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
        exchange.set(REQUIRED, String.join(" ", required));
        return Future.succeededFuture(Decision.deny(Reason.INSUFFICIENT_SCOPE,
                "The token does not grant the scopes this route requires."));
    }
}
