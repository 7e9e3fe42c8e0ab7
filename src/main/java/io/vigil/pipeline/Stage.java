package io.vigil.pipeline;

import io.vertx.core.Future;

/**
 * One step of the request path. A stage reads and enriches the {@link Exchange} and decides
 * whether the request may go on. Stages that do no I/O return {@link Decision#CONTINUE_FUTURE}
 * or an already-completed future.
 */
public interface Stage {

    Phase phase();

    Future<Decision> apply(Exchange exchange);

    /**
     * Whether this stage reads the request body ({@link Exchange#body()}). Bodies stream by
     * default; only when a stage asks is the body buffered, up to the route's limit, before
     * this stage runs.
     */
    default boolean needsBody() {
        return false;
    }
}
