package io.vigil.config;

import java.time.Duration;

/**
 * State shared between gateway nodes. With {@code redis} set, rate limits and quotas hold across
 * every node that points at it.
 *
 * @param redis {@code redis://[:password@]host:port[/db]} or {@code rediss://} for TLS
 * @param timeout how long a request waits for Redis before {@code limits.onStoreFailure} applies
 */
public record ClusterConfig(@Required String redis, @Default("100ms") Duration timeout) {
}
