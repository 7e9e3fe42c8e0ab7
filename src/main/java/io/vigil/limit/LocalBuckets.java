package io.vigil.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.local.LocalBucketBuilder;

/**
 * In-process token buckets (Bucket4j, lock-free), one per rule and key, shared by every event
 * loop. A bucket idle long enough to be full again is dropped (a new one starts full, so nothing
 * changes for the client); a quota's bucket lives past its period. Bounded: past
 * {@link #MAX_BUCKETS} the least recently used go first. Outlives config reloads, so a reload
 * does not hand everyone a fresh allowance.
 */
public final class LocalBuckets implements BucketStore {

    public static final long MAX_BUCKETS = 1_000_000;

    private record Entry(Bucket bucket, long idleNanos) {
    }

    /** Rate-limit buckets; anyone can make more of them (new addresses, header values). */
    private final Cache<String, Entry> buckets = cache();
    /**
     * Quota buckets apart, so that churning rate-limit keys cannot evict a quota (which would hand
     * its owner a fresh month).
     */
    private final Cache<String, Entry> quotas = cache();

    private static Cache<String, Entry> cache() {
        return Caffeine.newBuilder()
                .maximumSize(MAX_BUCKETS)
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String key, Entry entry, long now) {
                        return entry.idleNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Entry entry, long now, long current) {
                        return entry.idleNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Entry entry, long now, long current) {
                        return entry.idleNanos();
                    }
                })
                .executor(Runnable::run)
                .build();
    }

    @Override
    public io.vertx.core.Future<ConsumptionProbe> consume(String key, LimitRule rule) {
        return io.vertx.core.Future.succeededFuture(consumeNow(key, rule));
    }

    /** Takes one token from the rule's bucket for this key. */
    public ConsumptionProbe consumeNow(String key, LimitRule rule) {
        Entry entry = (rule.quota() == null ? buckets : quotas).get(key,
                k -> new Entry(create(rule), rule.idleLifetime().toNanos()));
        return entry.bucket().tryConsumeAndReturnRemaining(1);
    }

    /** Tokens left without taking one (for the failed-authentication gate). */
    public long available(String key, LimitRule rule) {
        Entry entry = buckets.getIfPresent(key);
        return entry == null ? rule.burst() : entry.bucket().getAvailableTokens();
    }

    /** Nanoseconds until the bucket holds a token again; 0 when it holds one. */
    public long nanosToToken(String key) {
        Entry entry = buckets.getIfPresent(key);
        return entry == null ? 0 : entry.bucket().estimateAbilityToConsume(1).getNanosToWaitForRefill();
    }

    public long size() {
        return buckets.estimatedSize() + quotas.estimatedSize();
    }

    private static Bucket create(LimitRule rule) {
        LocalBucketBuilder builder = Bucket.builder();
        for (Bandwidth bandwidth : rule.configuration().getBandwidths()) {
            builder.addLimit(bandwidth);
        }
        return builder.build();
    }
}
