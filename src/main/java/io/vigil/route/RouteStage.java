package io.vigil.route;

import io.vertx.core.Future;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Key;
import io.vigil.pipeline.Phase;
import io.vigil.pipeline.Reason;
import io.vigil.pipeline.Stage;

/** Finds the request's route. No route is a 404: default deny. */
public final class RouteStage implements Stage {

    private static final Future<Decision> NOT_FOUND = Future.succeededFuture(
            Decision.deny(Reason.NO_ROUTE, "No route matches this request."));

    /** The methods a 405 answer lists in its {@code Allow} header. */
    public static final Key<String> ALLOW = Key.of("allow", String.class);

    private final RouteTable table;

    public RouteStage(RouteTable table) {
        this.table = table;
    }

    @Override
    public Phase phase() {
        return Phase.ROUTE;
    }

    @Override
    public Future<Decision> apply(Exchange exchange) {
        RouteMatch match = table.match(exchange.host(), exchange.method(), exchange.normalizedPath());
        if (match instanceof RouteMatch.Found found) {
            exchange.matched(found);
            return Decision.CONTINUE_FUTURE;
        }
        if (match instanceof RouteMatch.MethodNotAllowed notAllowed) {
            exchange.set(ALLOW, String.join(", ", notAllowed.allowed()));
            return Future.succeededFuture(Decision.deny(Reason.METHOD_NOT_ALLOWED,
                    "Allowed methods: " + String.join(", ", notAllowed.allowed()) + "."));
        }
        if (match instanceof RouteMatch.AmbiguousSlashes) {
            return Future.succeededFuture(Decision.deny(Reason.AMBIGUOUS_PATH,
                    "Rejected path: empty path segments ('//') are not allowed on this route."));
        }
        return NOT_FOUND;
    }
}
