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
}
