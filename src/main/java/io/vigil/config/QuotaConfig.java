package io.vigil.config;

import io.vigil.pipeline.Mode;

/**
 * A quota: at most {@code limit} requests per calendar day or month (in {@code timeZone}) per key,
 * reset at the boundary. Exhaustion is its own reason code ({@code quota_exhausted}).
 *
 * @param key as for rate limits
 */
public record QuotaConfig(String name, @Required String key, @Required long limit, @Required Period period, Mode mode) {

    public enum Period { DAILY, MONTHLY }
}
