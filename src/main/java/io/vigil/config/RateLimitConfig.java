package io.vigil.config;

import io.vigil.pipeline.Mode;
import java.time.Duration;

/**
 * One rate limit: {@code limit} requests per {@code period} per key, refilled smoothly, with up to
 * {@code burst} at once.
 *
 * @param name shown in {@code RateLimit-Policy} and the decision log; default: the key
 * @param key {@code ip}, {@code apikey}, {@code principal}, {@code route}, {@code header:NAME} or
 *     {@code claim:PATH}; a request without that value (no such header, say) is counted by client IP
 * @param burst the bucket's capacity; default: {@code limit}
 * @param mode {@code enforce} or {@code dryRun}; absent, the route's mode
 */
public record RateLimitConfig(String name, @Required String key, @Required long limit, @Required Duration period,
        @Default("0") long burst, Mode mode) {
}
