package io.vigil.pipeline;

import io.vertx.core.Future;

/**
 * How a control acts on a request it would refuse. {@code DRY_RUN} lets the request through and
 * records the refusal it would have made, so a team can watch a control before enforcing it.
 * The effective mode of each control is settled when the config is compiled (the global
 * {@code dryRun} switch wins over a route's {@code mode}, which is the default for its controls).
 */
public enum Mode {
    ENFORCE,
    DRY_RUN;

    /** Deny, or in dry-run note the denial on the exchange and go on. */
    public Future<Decision> deny(Exchange exchange, Decision.Deny deny) {
        if (this == DRY_RUN) {
            exchange.wouldDeny(deny);
            return Decision.CONTINUE_FUTURE;
        }
        return Future.succeededFuture(deny);
    }
}
