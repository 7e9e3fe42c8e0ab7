package io.vigil.server;

import io.vertx.core.Future;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Phase;
import io.vigil.pipeline.Reason;
import io.vigil.pipeline.Stage;
import io.vigil.route.Route;

/**
 * Per-route limits known from the request head: a declared body larger than the route allows
 * (streamed bodies are counted again by the proxy) and WebSocket upgrades on routes that do not
 * allow them.
 */
public final class RequestLimitsStage implements Stage {

    private static final Future<Decision> TOO_LARGE = Future.succeededFuture(
            Decision.deny(Reason.BODY_TOO_LARGE, "The request body is larger than this route accepts."));
    private static final Future<Decision> NO_WEBSOCKET = Future.succeededFuture(
            Decision.deny(Reason.WEBSOCKET_NOT_ALLOWED, "This route does not accept WebSocket upgrades."));

    @Override
    public Phase phase() {
        return Phase.REQUEST_LIMITS;
    }

    @Override
    public Future<Decision> apply(Exchange exchange) {
        Route route = exchange.route();
        String length = exchange.headers().get("content-length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length);
            } catch (NumberFormatException e) {
                declared = Long.MAX_VALUE;
            }
            if (declared > route.maxBodyBytes()) {
                return TOO_LARGE;
            }
        }
        String upgrade = exchange.headers().get("upgrade");
        if (upgrade != null && upgrade.equalsIgnoreCase("websocket") && !route.websocket()) {
            return NO_WEBSOCKET;
        }
        return Decision.CONTINUE_FUTURE;
    }
}
