package io.vigil.auth;

import io.vertx.core.Future;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Phase;
import io.vigil.pipeline.Reason;
import io.vigil.pipeline.Stage;
import java.util.List;

/**
 * Tries the route's authenticators in order. The first one whose credential is present decides:
 * a present but invalid credential is a denial and never falls through to the next method. No
 * credential for any method is a 401 with a challenge for each. On a route in dry-run a refusal
 * is recorded and the request goes on without a principal; a server-side failure (an identity
 * provider that cannot be reached) still fails closed.
 */
public final class AuthenticateStage implements Stage {

    /** Run when a presented credential is refused; set by the per-IP failed-authentication limit. */
    public static final io.vigil.pipeline.Key<Runnable> ON_FAILURE = io.vigil.pipeline.Key.of("auth.onFailure", Runnable.class);

    @Override
    public Phase phase() {
        return Phase.AUTHENTICATE;
    }

    @Override
    public Future<Decision> apply(Exchange exchange) {
        return tryFrom(exchange, exchange.route().authenticators(), 0);
    }

    private Future<Decision> tryFrom(Exchange exchange, List<Authenticator> authenticators, int index) {
        if (index == authenticators.size()) {
            return exchange.route().mode().deny(exchange, Decision.deny(Reason.CREDENTIALS_MISSING,
                    "This route requires authentication."));
        }
        Future<AuthOutcome> outcome = authenticators.get(index).authenticate(exchange);
        if (outcome.isComplete()) {
            return decide(exchange, authenticators, index, outcome);
        }
        return outcome.transform(done -> decide(exchange, authenticators, index, done));
    }

    private Future<Decision> decide(Exchange exchange, List<Authenticator> authenticators, int index,
            io.vertx.core.AsyncResult<AuthOutcome> done) {
        if (done.failed()) {
            // A server-side failure (say, an unreachable key source) fails closed.
            return Future.failedFuture(done.cause());
        }
        AuthOutcome outcome = done.result();
        if (outcome instanceof AuthOutcome.Authenticated authenticated) {
            exchange.principal(authenticated.principal());
            return Decision.CONTINUE_FUTURE;
        }
        if (outcome instanceof AuthOutcome.Rejected rejected) {
            Runnable onFailure = exchange.get(ON_FAILURE);
            if (onFailure != null) {
                onFailure.run();
            }
            return exchange.route().mode().deny(exchange, Decision.deny(rejected.reason(), rejected.detail()));
        }
        return tryFrom(exchange, authenticators, index + 1);
    }
}
