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

    /**
     * Refusals that look like guessing: they count against the per-IP failed-authentication
     * budget. An expired or not-yet-valid token is a client that needs to refresh, and an
     * unreachable identity provider is ours to fix: neither counts.
     */
    private static final java.util.Set<Reason> GUESSES = java.util.EnumSet.of(Reason.INVALID_TOKEN, Reason.TOKEN_MALFORMED,
            Reason.TOKEN_ALGORITHM_REJECTED, Reason.TOKEN_TYPE_REJECTED, Reason.TOKEN_KEY_UNKNOWN,
            Reason.TOKEN_SIGNATURE_INVALID, Reason.TOKEN_ISSUER_MISMATCH, Reason.TOKEN_AUDIENCE_MISMATCH,
            Reason.TOKEN_CLAIMS_INVALID, Reason.TOKEN_REVOKED, Reason.TOKEN_BINDING_MISMATCH, Reason.DPOP_PROOF_INVALID,
            Reason.API_KEY_INVALID);

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
            io.vigil.pipeline.Mode mode = exchange.route().mode();
            if (rejected.reason() == Reason.IDENTITY_PROVIDER_UNAVAILABLE) {
                // Our failure, not the caller's: fail closed even in dry-run, and never count it against them.
                return Future.succeededFuture(Decision.deny(rejected.reason(), rejected.detail()));
            }
            Runnable onFailure = exchange.get(ON_FAILURE);
            if (onFailure != null && mode == io.vigil.pipeline.Mode.ENFORCE && GUESSES.contains(rejected.reason())) {
                onFailure.run();
            }
            return mode.deny(exchange, Decision.deny(rejected.reason(), rejected.detail()));
        }
        return tryFrom(exchange, authenticators, index + 1);
    }
}
