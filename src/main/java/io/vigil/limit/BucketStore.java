package io.vigil.limit;

import io.github.bucket4j.ConsumptionProbe;
import io.vertx.core.Future;

/** Where buckets live: in this process, or in Redis for limits that hold across nodes. */
public interface BucketStore {

    /**
     * Takes one token from the rule's bucket for this key. In-process stores answer at once; a
     * remote store answers on the caller's Vert.x context. A null probe means the store could not
     * answer and the configured failure mode says to refuse.
     */
    Future<ConsumptionProbe> consume(String key, LimitRule rule);
}
