package io.vigil.proxy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vigil.config.UpstreamConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The targets behind one upstream name, the keep-alive client that reaches them, how one is
 * chosen, and what is known of their health. A pool survives a config reload unchanged when its
 * config did not change, so connections and health state carry over.
 */
public final class UpstreamPool {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamPool.class);

    private final String name;
    private final UpstreamConfig config;
    private final List<UpstreamTarget> targets;
    private final CircuitBreaker breaker;
    private final AtomicInteger next = new AtomicInteger();
    private final long ejectNanos;
    private HttpClientAgent client;
    private Http1Connections http1;
    private Vertx vertx;
    private final List<Long> healthTimers = new ArrayList<>();

    public UpstreamPool(String name, UpstreamConfig config) {
        this.name = name;
        this.config = config;
        List<UpstreamTarget> list = new ArrayList<>();
        for (String url : config.targets()) {
            list.add(new UpstreamTarget(url));
        }
        this.targets = List.copyOf(list);
        this.breaker = new CircuitBreaker(config.circuitBreaker());
        this.ejectNanos = config.passiveEjection().ejectFor().toNanos();
    }

    public String name() {
        return name;
    }

    public UpstreamConfig config() {
        return config;
    }

    public List<UpstreamTarget> targets() {
        return targets;
    }

    HttpClientAgent client() {
        return client;
    }

    /** The Netty connection pools the HTTP/1.x front end proxies through. */
    Http1Connections http1() {
        return http1;
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    public String circuitState() {
        return io.vigil.config.YamlBinder.yamlName(breaker.state());
    }

    /** Opens the client and starts active health checks. Called once, before first use. */
    public synchronized void start(Vertx vertx) {
        if (client != null) {
            return;
        }
        this.vertx = vertx;
        UpstreamConfig.TimeoutsConfig timeouts = config.timeouts();
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) Math.max(1, config.pool().keepAlive().toSeconds()))
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeouts.connect().toMillis()))
                .setTcpNoDelay(true)
                .setDecompressionSupported(false)
                .setMaxHeaderSize(64 * 1024)
                .setTrustAll(false)
                .setVerifyHost(true);
        PoolOptions pool = new PoolOptions()
                .setHttp1MaxSize(config.pool().maxConnections())
                .setMaxWaitQueueSize(config.pool().maxWaitQueue());
        this.client = vertx.createHttpClient(options, pool);
        this.http1 = new Http1Connections(this,
                ((io.vertx.core.internal.VertxInternal) vertx).nameResolver().nettyAddressResolverGroup());
        if (config.healthCheck() != null) {
            for (UpstreamTarget target : targets) {
                long period = config.healthCheck().interval().toMillis();
                healthTimers.add(vertx.setPeriodic(period, period, id -> check(target)));
            }
        }
    }

    public synchronized void close() {
        if (vertx != null) {
            healthTimers.forEach(vertx::cancelTimer);
            healthTimers.clear();
        }
        if (client != null) {
            client.close();
        }
        if (http1 != null) {
            http1.close();
        }
    }

    /**
     * Picks a target that is healthy, not ejected and not in {@code exclude}; null when none is.
     */
    UpstreamTarget choose(long nowNanos, UpstreamTarget exclude) {
        int size = targets.size();
        if (config.balancer() == UpstreamConfig.Balancer.LEAST_OUTSTANDING) {
            UpstreamTarget best = null;
            int start = Math.floorMod(next.getAndIncrement(), size);
            for (int i = 0; i < size; i++) {
                UpstreamTarget t = targets.get((start + i) % size);
                if (t != exclude && t.available(nowNanos) && (best == null || t.outstanding() < best.outstanding())) {
                    best = t;
                }
            }
            return best;
        }
        int start = Math.floorMod(next.getAndIncrement(), size);
        for (int i = 0; i < size; i++) {
            UpstreamTarget t = targets.get((start + i) % size);
            if (t != exclude && t.available(nowNanos)) {
                return t;
            }
        }
        return null;
    }

    void recordSuccess(UpstreamTarget target) {
        target.recordSuccess();
    }

    void recordFailure(UpstreamTarget target, long nowNanos) {
        if (target.recordFailure(config.passiveEjection().consecutiveFailures(), ejectNanos, nowNanos)) {
            LOG.warn("upstream {} target {} ejected for {} after {} consecutive failures", name, target,
                    config.passiveEjection().ejectFor(), config.passiveEjection().consecutiveFailures());
        }
    }

    private void check(UpstreamTarget target) {
        UpstreamConfig.HealthCheckConfig hc = config.healthCheck();
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setServer(target.address())
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.ssl())
                .setURI(hc.path())
                .setTimeout(hc.timeout().toMillis());
        client.request(request)
                .compose(req -> req.putHeader("User-Agent", "vigil-health-check").send())
                .compose(resp -> resp.body().map(body -> resp.statusCode()))
                .onComplete(ar -> {
                    boolean ok = ar.succeeded() && ar.result() >= 200 && ar.result() < 300;
                    if (target.recordHealthCheck(ok, hc.healthyThreshold(), hc.unhealthyThreshold())) {
                        LOG.warn("upstream {} target {} is now {}", name, target, ok ? "healthy" : "unhealthy");
                    }
                });
    }
}
