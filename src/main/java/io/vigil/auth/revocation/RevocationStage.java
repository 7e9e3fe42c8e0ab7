package io.vigil.auth.revocation;

import io.vertx.core.Future;
import io.vigil.auth.Principal;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Phase;
import io.vigil.pipeline.Reason;
import io.vigil.pipeline.Stage;

/**
 * Runs right after authentication, on every request, cached token or not: a revoked token,
 * subject or session is refused ({@code token_revoked}, RFC 6750 {@code invalid_token}).
 */
public final class RevocationStage implements Stage {

    private static final Decision.Deny REVOKED = Decision.deny(Reason.TOKEN_REVOKED, "The token has been revoked.");

    private final Revocations revocations;

    public RevocationStage(Revocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public Phase phase() {
        return Phase.AUTHENTICATE;
    }

    @Override
    public Future<Decision> apply(Exchange exchange) {
        Principal principal = exchange.principal();
        if (principal == null || revocations.find(principal, System.currentTimeMillis()) == null) {
            return Decision.CONTINUE_FUTURE;
        }
        // On a route in dry-run this too is only recorded, like every other authentication refusal.
        return exchange.route().mode().deny(exchange, REVOKED);
    }
}
