package io.vigil.auth;

import io.vertx.core.Future;
import io.vigil.pipeline.Exchange;

/**
 * {@code auth: [none]}: the only way to make a route public. Every request is the anonymous
 * principal. The config compiler refuses to combine it with other methods, so a public route is
 * always visibly public.
 */
public final class NoneAuthenticator implements Authenticator {

    public static final String ID = "none";
    public static final NoneAuthenticator INSTANCE = new NoneAuthenticator();

    private static final Future<AuthOutcome> ANONYMOUS =
            Future.succeededFuture(new AuthOutcome.Authenticated(Principal.ANONYMOUS));

    private NoneAuthenticator() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Future<AuthOutcome> authenticate(Exchange exchange) {
        return ANONYMOUS;
    }
}
