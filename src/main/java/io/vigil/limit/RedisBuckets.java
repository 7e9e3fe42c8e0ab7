package io.vigil.limit;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vigil.config.ClusterConfig;
import io.vigil.config.LimitsConfig.OnStoreFailure;
import io.vigil.config.QuotaConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets in Redis (Bucket4j's compare-and-swap over Lettuce, fully asynchronous), so a limit
 * holds across every node sharing the server. The event loop never waits: the answer resumes the
 * request on its own context. When Redis is down or slower than {@code cluster.timeout},
 * {@code limits.onStoreFailure} decides: {@code local} counts on this node's in-process buckets,
 * {@code deny} refuses, {@code allow} admits; each fallback is counted and logged (at most once
 * a second). Until the first connection succeeds it is retried in the background every 2 s, and
 * Lettuce reconnects by itself after that.
 *
 * <p>A hot key (one bucket for a whole route, say) would have every request race the others'
 * compare-and-swap. Each key's proxy is therefore kept for a while and batches concurrent
 * requests into one Redis round trip (Bucket4j's batching optimisation): exact, and one CAS per
 * batch instead of one per request.
 */
public final class RedisBuckets implements BucketStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisBuckets.class);
    private static final byte[] PREFIX = "vigil:limit:".getBytes(StandardCharsets.UTF_8);

    private final ClusterConfig config;
    private final OnStoreFailure onFailure;
    private final LocalBuckets local;
    private final AtomicLong failures = new AtomicLong();
    /** Every instance's failures, for the process-wide metric (an instance is replaced on some reloads). */
    private static final AtomicLong ALL_FAILURES = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong();
    private volatile RedisClient client;
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-redis-connect");
        t.setDaemon(true);
        return t;
    });
    private volatile StatefulRedisConnection<byte[], byte[]> connection;
    /** Rate limits expire once full again; quota buckets when their period is surely over. */
    private volatile AsyncProxyManager<byte[]> rates;
    private volatile Map<QuotaConfig.Period, AsyncProxyManager<byte[]>> quotas;
    private volatile boolean closed;
    /** Proxies by bucket key, so that concurrent requests for one key share a batch. */
    private final Cache<String, AsyncBucketProxy> proxies = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(2))
            .executor(Runnable::run)
            .build();

    public RedisBuckets(ClusterConfig config, OnStoreFailure onFailure, LocalBuckets local) {
        this.config = config;
        this.onFailure = onFailure;
        this.local = local;
    }

    public ClusterConfig config() {
        return config;
    }

    public OnStoreFailure onFailure() {
        return onFailure;
    }

    /** The connection, for other shared state (behaviour baselines); null until the first connect succeeds. */
    public StatefulRedisConnection<byte[], byte[]> connection() {
        return connection;
    }

    /** Whether a connection is up (Lettuce may still be reconnecting it). */
    public boolean connected() {
        StatefulRedisConnection<byte[], byte[]> c = connection;
        return c != null && c.isOpen();
    }

    /** Fallbacks of every Redis bucket store in this process ({@code vigil_rate_limit_store_fallbacks_total}). */
    public static long allFailures() {
        return ALL_FAILURES.get();
    }

    /** Store failures that fell back since start. */
    public long failures() {
        return failures.get();
    }

    /**
     * Connects in the background; requests use the fallback until it is up. Nothing is created
     * before this, so a config that is only checked, or replaced before it starts, holds nothing.
     */
    public synchronized void start() {
        if (client != null || closed) {
            return;
        }
        client = RedisClient.create(RedisURI.create(config.redis()));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // While disconnected, fail at once rather than queue: the fallback answers instead.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        connector.execute(this::connect);
    }

    private void connect() {
        if (closed || connection != null) {
            return;
        }
        try {
            StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE);
            c.setTimeout(config.timeout());
            Duration timeout = config.timeout();
            rates = Bucket4jLettuce.casBasedBuilder(c)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                    .requestTimeout(timeout)
                    .build().asAsync();
            Map<QuotaConfig.Period, AsyncProxyManager<byte[]>> byPeriod = new EnumMap<>(QuotaConfig.Period.class);
            byPeriod.put(QuotaConfig.Period.DAILY, Bucket4jLettuce.casBasedBuilder(c)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.fixedTimeToLive(Duration.ofDays(2)))
                    .requestTimeout(timeout).build().asAsync());
            byPeriod.put(QuotaConfig.Period.MONTHLY, Bucket4jLettuce.casBasedBuilder(c)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.fixedTimeToLive(Duration.ofDays(32)))
                    .requestTimeout(timeout).build().asAsync());
            quotas = byPeriod;
            connection = c;
            log.info("rate limits shared through Redis at {}", RedisURI.create(config.redis()).toString());
        } catch (RuntimeException e) {
            if (!closed) {
                noteFailure("cannot connect to Redis: " + e.getMessage());
                connector.schedule(this::connect, 2, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public Future<ConsumptionProbe> consume(String key, LimitRule rule) {
        AsyncProxyManager<byte[]> manager = rule.quota() == null ? rates : quotas == null ? null : quotas.get(rule.quota());
        if (manager == null) {
            return fallback(key, rule);
        }
        Context context = Vertx.currentContext();
        CompletableFuture<ConsumptionProbe> remote;
        try {
            remote = proxies.get(key, k -> manager.builder().withOptimization(Optimizations.batching())
                            .build(redisKey(k), rule.configuration()))
                    .tryConsumeAndReturnRemaining(1)
                    .orTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            noteFailure(e.getMessage());
            return fallback(key, rule);
        }
        CompletableFuture<ConsumptionProbe> answered = remote.handle((probe, error) -> {
            if (error == null) {
                return probe;
            }
            noteFailure(error.getClass().getSimpleName() + ": " + error.getMessage());
            return fallbackNow(key, rule);
        });
        return context == null ? Future.fromCompletionStage(answered) : Future.fromCompletionStage(answered, context);
    }

    private Future<ConsumptionProbe> fallback(String key, LimitRule rule) {
        failures.incrementAndGet();
        ALL_FAILURES.incrementAndGet();
        return Future.succeededFuture(fallbackNow(key, rule));
    }

    private ConsumptionProbe fallbackNow(String key, LimitRule rule) {
        return switch (onFailure) {
            case LOCAL -> local.consumeNow(key, rule);
            case ALLOW -> ConsumptionProbe.consumed(rule.burst(), 0);
            case DENY -> null;
        };
    }

    private void noteFailure(String message) {
        failures.incrementAndGet();
        ALL_FAILURES.incrementAndGet();
        long now = System.currentTimeMillis();
        long last = lastLog.get();
        if (now - last > 1_000 && lastLog.compareAndSet(last, now)) {
            log.warn("Redis rate-limit store failed ({} failures so far), falling back to '{}': {}", failures.get(),
                    onFailure.name().toLowerCase(java.util.Locale.ROOT), message);
        }
    }

    private static byte[] redisKey(String key) {
        byte[] name = key.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[PREFIX.length + name.length];
        System.arraycopy(PREFIX, 0, out, 0, PREFIX.length);
        System.arraycopy(name, 0, out, PREFIX.length, name.length);
        return out;
    }

    @Override
    public synchronized void close() {
        closed = true;
        connector.shutdownNow();
        StatefulRedisConnection<byte[], byte[]> c = connection;
        if (c != null) {
            c.closeAsync();
        }
        if (client != null) {
            client.shutdownAsync(0, 2, TimeUnit.SECONDS);
        }
    }
}
