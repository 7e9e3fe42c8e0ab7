package io.vigil.config;

import java.time.Duration;
import java.util.List;

/**
 * A pool of upstream targets behind one name.
 *
 * @param targets base URLs, {@code http://host:port}
 * @param retries further attempts on another target, only for idempotent requests whose
 *     connection never opened (so the upstream never saw them)
 */
public record UpstreamConfig(
        @Required List<String> targets,
        @Default("roundRobin") Balancer balancer,
        @Default("1") int retries,
        PoolConfig pool,
        TimeoutsConfig timeouts,
        @OptionalSection HealthCheckConfig healthCheck,
        EjectionConfig passiveEjection,
        CircuitBreakerConfig circuitBreaker) {

    public UpstreamConfig {
        if (targets != null && targets.isEmpty()) {
            throw new IllegalArgumentException("targets: empty (expected: at least one http://host:port)");
        }
        if (retries < 0 || retries > 5) {
            throw new IllegalArgumentException("retries: " + retries + " (expected: 0..5)");
        }
    }

    public enum Balancer { ROUND_ROBIN, LEAST_OUTSTANDING }

    /** Keep-alive connections per target. */
    public record PoolConfig(@Default("64") int maxConnections, @Default("60s") Duration keepAlive,
            @Default("1024") int maxWaitQueue) {
    }

    /**
     * @param responseHeaders from the request sent to the response head arriving
     * @param idle longest silence while streaming either body
     * @param total the whole exchange with the upstream
     */
    public record TimeoutsConfig(
            @Default("2s") Duration connect,
            @Default("30s") Duration responseHeaders,
            @Default("60s") Duration idle,
            @Default("5m") Duration total) {
    }

    /** Active checks: a GET to {@code path} on each target; 2xx is healthy. */
    public record HealthCheckConfig(
            @Default("/health") String path,
            @Default("5s") Duration interval,
            @Default("2s") Duration timeout,
            @Default("2") int unhealthyThreshold,
            @Default("2") int healthyThreshold) {
    }

    /** Passive ejection: a target that fails this many times in a row is skipped for a while. */
    public record EjectionConfig(@Default("5") int consecutiveFailures, @Default("30s") Duration ejectFor) {
    }

    /**
     * Opens when, over the last {@code window}, at least {@code minimumRequests} were sent and
     * {@code failureRatePercent} of them failed; while open every request is a fast 503.
     */
    public record CircuitBreakerConfig(
            @Default("true") boolean enabled,
            @Default("50") int failureRatePercent,
            @Default("20") int minimumRequests,
            @Default("10s") Duration window,
            @Default("30s") Duration openFor) {
    }
}
