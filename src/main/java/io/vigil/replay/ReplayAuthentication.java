package io.vigil.replay;

import io.vertx.core.Future;
import io.vigil.auth.Authenticator;
import io.vigil.auth.Principal;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Key;
import io.vigil.pipeline.Phase;
import io.vigil.pipeline.Reason;
import io.vigil.pipeline.Stage;
import io.vigil.route.Route;
import java.util.EnumSet;
import java.util.Set;

/**
 * Authentication for replay. Credentials are never recorded, so a recorded request is taken to
 * have the identity it was recorded with: if the candidate route accepts that method, the
 * recorded principal is the caller; a public route sees an anonymous caller. A request whose
 * credential was refused (or revoked) stays refused for the same reason on any route that
 * requires authentication, and a request without a recorded identity is
 * {@code credentials_missing} there.
 */
final class ReplayAuthentication implements Stage {

    static final Key<RecordedRequest> RECORDED = Key.of("replay.recorded", RecordedRequest.class);

    /** Refusals of the credential itself: they hold on any route that asks for one. */
    private static final Set<Reason> CREDENTIAL_REFUSED = EnumSet.of(Reason.INVALID_REQUEST, Reason.INVALID_TOKEN,
            Reason.TOKEN_MALFORMED, Reason.TOKEN_ALGORITHM_REJECTED, Reason.TOKEN_TYPE_REJECTED, Reason.TOKEN_KEY_UNKNOWN,
            Reason.TOKEN_SIGNATURE_INVALID, Reason.TOKEN_EXPIRED, Reason.TOKEN_NOT_YET_VALID, Reason.TOKEN_TOO_OLD,
            Reason.TOKEN_ISSUER_MISMATCH, Reason.TOKEN_AUDIENCE_MISMATCH, Reason.TOKEN_CLAIMS_INVALID, Reason.TOKEN_REVOKED,
            Reason.TOKEN_BINDING_MISMATCH, Reason.DPOP_PROOF_INVALID, Reason.API_KEY_INVALID,
            Reason.IDENTITY_PROVIDER_UNAVAILABLE);

    @Override
    public Phase phase() {
        return Phase.AUTHENTICATE;
    }

    @Override
    public Future<Decision> apply(Exchange exchange) {
        Route route = exchange.route();
        RecordedRequest recorded = exchange.get(RECORDED);
        if (route.isPublic()) {
            exchange.principal(Principal.ANONYMOUS);
            return Decision.CONTINUE_FUTURE;
        }
        Reason before = reason(recorded.reason());
        if (before != null && CREDENTIAL_REFUSED.contains(before)) {
            return route.mode().deny(exchange, Decision.deny(before, "The recorded credential was refused."));
        }
        // Refused only in dry-run when recorded: the request went on, but the credential was just as bad.
        for (String code : recorded.wouldDeny()) {
            Reason would = reason(code);
            if (would != null && CREDENTIAL_REFUSED.contains(would)) {
                return route.mode().deny(exchange, Decision.deny(would, "The recorded credential was refused."));
            }
        }
        Principal principal = recorded.principal();
        if (principal == null || principal.type() == Principal.Type.ANONYMOUS || !accepts(route, principal.method())) {
            return route.mode().deny(exchange, Decision.deny(Reason.CREDENTIALS_MISSING,
                    "This route requires authentication."));
        }
        exchange.principal(principal);
        return Decision.CONTINUE_FUTURE;
    }

    private static boolean accepts(Route route, String method) {
        for (Authenticator authenticator : route.authenticators()) {
            if (authenticator.id().equals(method)) {
                return true;
            }
        }
        return false;
    }

    static Reason reason(String code) {
        try {
            return Reason.valueOf(code.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
