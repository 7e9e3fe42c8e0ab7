package io.vigil.config;

import java.util.List;

/**
 * A plan's limits, applied on every route to callers on that plan: API keys carry a plan, and
 * tokens name one in the claim {@code limits.planClaim}.
 */
public record PlanConfig(List<RateLimitConfig> rateLimits, List<QuotaConfig> quotas) {
}
