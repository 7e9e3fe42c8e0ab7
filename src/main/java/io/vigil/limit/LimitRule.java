package io.vigil.limit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.vigil.config.QuotaConfig;
import io.vigil.pipeline.Mode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * One compiled rate limit or quota. Its {@code id} names its buckets and changes when its
 * numbers change, so an edited limit starts from fresh buckets while an untouched one keeps
 * counting across reloads.
 *
 * @param name as shown in {@code RateLimit-Policy} and the decision log
 * @param quota the calendar period of a quota, or null for a rate limit
 * @param windowSeconds the period in seconds ({@code w} in {@code RateLimit-Policy}); for quotas a
 *     day or 31 days
 */
public record LimitRule(
        String id,
        String name,
        LimitKey key,
        long limit,
        long windowSeconds,
        long burst,
        QuotaConfig.Period quota,
        Mode mode,
        BucketConfiguration configuration,
        String policyItem) {

    public static LimitRule rate(String scope, String name, LimitKey key, long limit, Duration period, long burst, Mode mode) {
        long capacity = burst > 0 ? burst : limit;
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(limit, period).build())
                .build();
        return new LimitRule(scope + "/" + name + "@" + limit + "/" + period.toMillis() + "/" + capacity, name, key, limit,
                Math.max(1, period.toSeconds()), capacity, null, mode, configuration, item(name, limit, Math.max(1, period.toSeconds())));
    }

    public static LimitRule quota(String scope, String name, LimitKey key, long limit, QuotaConfig.Period period, Mode mode) {
        // A bucket per calendar period (its id is in the bucket key) that never refills within it.
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(limit).refillIntervally(limit, Duration.ofDays(400)).build())
                .build();
        long window = period == QuotaConfig.Period.DAILY ? 86_400 : 31 * 86_400;
        return new LimitRule(scope + "/" + name + "@" + limit + "/" + period, name, key, limit, window, limit, period, mode,
                configuration, item(name, limit, window));
    }

    private static String item(String name, long limit, long window) {
        // draft-ietf-httpapi-ratelimit-headers: a quoted policy name with q (quota) and w (window).
        return "\"" + name + "\";q=" + limit + ";w=" + window;
    }

    /** The current quota period's label ("2026-11-28" or "2026-11"); empty for rate limits. */
    public String periodLabel(long epochMillis, ZoneId zone) {
        if (quota == null) {
            return "";
        }
        LocalDate date = Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate();
        return quota == QuotaConfig.Period.DAILY ? date.toString() : date.toString().substring(0, 7);
    }

    /** Seconds until the current quota period ends. */
    public long secondsToPeriodEnd(long epochMillis, ZoneId zone) {
        ZonedDateTime now = Instant.ofEpochMilli(epochMillis).atZone(zone);
        LocalDate next = quota == QuotaConfig.Period.DAILY ? now.toLocalDate().plusDays(1)
                : now.toLocalDate().withDayOfMonth(1).plusMonths(1);
        return Math.max(1, Duration.between(now, next.atStartOfDay(zone)).toSeconds());
    }

    /** How long an idle bucket must be kept: until it would be full again, or the quota period is over. */
    public Duration idleLifetime() {
        if (quota != null) {
            return Duration.ofDays(quota == QuotaConfig.Period.DAILY ? 2 : 32);
        }
        long refillSeconds = (long) Math.ceil((double) burst / limit * windowSeconds);
        return Duration.ofSeconds(refillSeconds + 60);
    }
}
