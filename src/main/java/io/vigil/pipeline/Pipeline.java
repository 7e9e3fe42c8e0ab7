package io.vigil.pipeline;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The request path, in order. Every stage before the proxy runs here, sorted by its
 * {@link Phase}; the first denial stops the run. What happens after an allow (proxy, response
 * checks, decision log) is the {@code server.GatewayHandler}'s job, which calls this first.
 *
 * <pre>
 * NORMALISE → ROUTE → REQUEST_LIMITS → AUTHENTICATE → PRINCIPAL_LIMITS → AUTHORIZE → RISK
 *   → VALIDATE → ASSERT_IDENTITY → (proxy) → (decision log, metrics)
 * </pre>
 */
public final class Pipeline {

    private final Stage[] stages;

    public Pipeline(List<Stage> stages) {
        List<Stage> sorted = new ArrayList<>(stages);
        // Stable sort: stages of one phase keep the order they were given in.
        sorted.sort(Comparator.comparing(Stage::phase));
        this.stages = sorted.toArray(Stage[]::new);
    }

    public List<Stage> stages() {
        return List.of(stages);
    }

    /** Runs every stage; completes with the first denial, or {@link Decision#CONTINUE}. */
    public Future<Decision> run(Exchange exchange) {
        return runFrom(exchange, 0);
    }

    private Future<Decision> runFrom(Exchange exchange, int first) {
        for (int i = first; i < stages.length; i++) {
            Future<Decision> result;
            try {
                result = stages[i].apply(exchange);
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
            if (result == null) {
                return Future.failedFuture(new IllegalStateException(stages[i].getClass().getName() + " returned no future"));
            }
            if (!result.isComplete()) {
                // Only a stage doing I/O gets here; the rest of the run continues when it is done.
                int next = i + 1;
                Stage stage = stages[i];
                return result.compose(decision -> {
                    if (decision instanceof Decision.Deny) {
                        return Future.succeededFuture(decision);
                    }
                    return decision == Decision.CONTINUE ? runFrom(exchange, next) : notADecision(stage);
                });
            }
            if (result.failed()) {
                return result;
            }
            Decision decision = result.result();
            if (decision instanceof Decision.Deny) {
                return result;
            }
            if (decision != Decision.CONTINUE) {
                return notADecision(stages[i]);
            }
        }
        return Decision.CONTINUE_FUTURE;
    }

    /** Fail closed: only the one {@link Decision#CONTINUE} lets a request go on, never a null. */
    private static Future<Decision> notADecision(Stage stage) {
        return Future.failedFuture(new IllegalStateException(stage.getClass().getName() + " completed without a decision"));
    }
}
