package io.vigil.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.audit.DecisionRecord;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's Prometheus metrics. Request metrics are recorded by the decision log's writer
 * thread from decision records, so the event loop pays nothing for them.
 */
public final class GatewayMetrics {

    private static final Duration[] BUCKETS = {
        Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<String, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> latencies = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> upstreamErrors = new ConcurrentHashMap<>();
    private final Counter dropped;
    private final Counter reloadOk;
    private final Counter reloadFailed;

    public GatewayMetrics() {
        dropped = Counter.builder("vigil_decision_log_dropped")
                .description("Decision records dropped because the log's queue was full")
                .register(registry);
        reloadOk = Counter.builder("vigil_config_reloads").tag("result", "success")
                .description("Configuration reloads").register(registry);
        reloadFailed = Counter.builder("vigil_config_reloads").tag("result", "failure")
                .description("Configuration reloads").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("vigil_rate_limit_store_fallbacks", this,
                        m -> io.vigil.limit.RedisBuckets.allFailures())
                .description("Rate-limit checks that Redis did not answer, handled by limits.onStoreFailure")
                .register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    // The writer thread's last counter; only that thread touches these.
    private String lastRoute;
    private int lastStatus;
    private String lastReason;
    private Counter lastCounter;

    /** Called from the decision log's writer thread only. */
    public void request(DecisionRecord r) {
        String route = r.route() == null ? "" : r.route();
        Counter counter;
        // Most records repeat the one before (same route, status, reason: the same config strings),
        // so the counter is found without building its key.
        if (route == lastRoute && r.status() == lastStatus && r.reason() == lastReason) {
            counter = lastCounter;
        } else {
            String key = route + '\0' + r.status() + '\0' + r.reason();
            counter = requests.computeIfAbsent(key, k -> Counter.builder("vigil_requests")
                    .description("Requests by route, status and reason code")
                    .tag("route", route).tag("status", Integer.toString(r.status())).tag("reason", r.reason())
                    .register(registry));
            lastRoute = route;
            lastStatus = r.status();
            lastReason = r.reason();
            lastCounter = counter;
        }
        counter.increment();
        latencies.computeIfAbsent(route, k -> Timer.builder("vigil_request_duration")
                .description("Time from request head to response end, gateway and upstream together")
                .tag("route", route)
                // Fixed buckets: Micrometer's percentile histogram has ~270 buckets recorded into
                // several time windows, which cost more per request than the rest of the log.
                .serviceLevelObjectives(BUCKETS)
                .register(registry))
                .record(r.gatewayMicros() + Math.max(0, r.upstreamMicros()), TimeUnit.MICROSECONDS);
        if (r.reason().startsWith("upstream_") || r.reason().equals("circuit_open")) {
            upstreamErrors.computeIfAbsent(route + '\0' + r.reason(), k -> Counter.builder("vigil_upstream_errors")
                    .description("Upstream failures by route and reason code")
                    .tag("route", route).tag("reason", r.reason())
                    .register(registry)).increment();
        }
    }

    public void decisionDropped() {
        dropped.increment();
    }

    public void decisionSinkFailed(String sink) {
        registry.counter("vigil_decision_sink_failures", "sink", sink).increment();
    }

    public void reloaded(boolean success) {
        (success ? reloadOk : reloadFailed).increment();
    }
}
