package io.vigil.discovery;

import io.vertx.core.Future;
import io.vigil.discovery.spec.SpecIndex;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Mode;
import io.vigil.pipeline.Phase;
import io.vigil.pipeline.Reason;
import io.vigil.pipeline.Stage;
import java.util.Map;

/**
 * Discovery wired to enforcement: on a route with a spec and {@code undocumented: deny}, a
 * request for an operation the spec does not declare is refused like a missing route (404
 * {@code undocumented_endpoint}), before anyone authenticates; with {@code undocumented: log} it
 * passes and the decision log records that it would have been refused.
 */
public final class UndocumentedStage implements Stage {

    /** A route's spec and what to do with what it does not declare. */
    public record Check(SpecIndex spec, Mode mode) {
    }

    private final Map<String, Check> byRoute;

    public UndocumentedStage(Map<String, Check> byRoute) {
        this.byRoute = Map.copyOf(byRoute);
    }

    @Override
    public Phase phase() {
        return Phase.ROUTE;
    }

    @Override
    public Future<Decision> apply(Exchange exchange) {
        Check check = byRoute.get(exchange.route().id());
        if (check == null || check.spec().find(exchange.method(), exchange.path()) != null) {
            return Decision.CONTINUE_FUTURE;
        }
        return check.mode().deny(exchange, Decision.deny(Reason.UNDOCUMENTED_ENDPOINT,
                "No such endpoint.", "undocumented"));
    }
}
