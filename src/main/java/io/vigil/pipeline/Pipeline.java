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
 *   → VALIDATE → QUOTAS → ASSERT_IDENTITY → (proxy) → (decision log, metrics)
 * </pre>
 */
public final class Pipeline {

    private final Stage[] stages;
    /** Index of the first stage that reads the body; {@code stages.length} when none does. */
    private final int firstBodyStage;

    public Pipeline(List<Stage> stages) {
        List<Stage> sorted = new ArrayList<>(stages);
        // Stable sort: stages of one phase keep the order they were given in.
        sorted.sort(Comparator.comparing(Stage::phase));
        this.stages = sorted.toArray(Stage[]::new);
        int first = this.stages.length;
        for (int i = 0; i < this.stages.length; i++) {
            if (this.stages[i].needsBody()) {
                first = i;
                break;
            }
        }
        this.firstBodyStage = first;
    }

    public List<Stage> stages() {
        return List.of(stages);
    }

    /** Runs every stage; completes with the first denial, or {@link Decision#CONTINUE}. */
    public Future<Decision> run(Exchange exchange) {
        return runFrom(exchange, 0, stages.length);
    }

    /** Whether some stage reads the body, so the front end must buffer it between the two halves. */
    public boolean needsBody() {
        return firstBodyStage < stages.length;
    }

    /** The stages that need only the request head. */
    public Future<Decision> runHead(Exchange exchange) {
        return runFrom(exchange, 0, firstBodyStage);
    }

    /** The rest, once {@link Exchange#body()} is set. */
    public Future<Decision> runBody(Exchange exchange) {
        return runFrom(exchange, firstBodyStage, stages.length);
    }

    private Future<Decision> runFrom(Exchange exchange, int first, int end) {
        for (int i = first; i < end; i++) {
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
                    return decision == Decision.CONTINUE ? runFrom(exchange, next, end) : notADecision(stage);
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
