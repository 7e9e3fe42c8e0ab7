package io.vigil.pipeline;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Future;

/** What a stage decided: go on to the next stage, or stop with a reason. */
public sealed interface Decision permits Decision.Continue, Decision.Deny {

    Continue CONTINUE = new Continue();
    /** Pre-completed so that stages that always go on allocate nothing. */
    Future<Decision> CONTINUE_FUTURE = Future.succeededFuture(CONTINUE);

    static Deny deny(Reason reason, String detail) {
        return new Deny(reason, detail, null);
    }

    /** A denial by a named rule (a policy, a rate limit), which the decision log records. */
    static Deny deny(Reason reason, String detail, String rule) {
        return new Deny(reason, detail, rule);
    }

    final class Continue implements Decision {
        private Continue() {
        }

        @Override
        public String toString() {
            return "Continue";
        }
    }

    /**
     * A denial. {@code detail} is shown to the client, so it must never contain a credential or
     * anything else the client did not already know. {@code rule} names the control that refused
     * (policy or limit name) for the decision log only; null where the reason says it all.
     */
    record Deny(Reason reason, String detail, String rule) implements Decision {
        public Deny {
            requireNonNull(reason, "reason");
            requireNonNull(detail, "detail");
        }
    }
}
