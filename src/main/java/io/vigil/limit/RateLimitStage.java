package io.vigil.limit;

import io.github.bucket4j.ConsumptionProbe;
import io.vertx.core.Future;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Phase;
import io.vigil.pipeline.Reason;
import io.vigil.pipeline.Stage;
import io.vigil.route.Route;
import java.time.ZoneId;
import java.util.List;

/**
 * The route's rate limits and quotas, then those of the caller's plan: each takes one token from
 * its bucket (key: the rule, the key value, and for quotas the calendar period). An empty bucket
 * refuses with 429 and {@code Retry-After} ({@code rate_limited}, or {@code quota_exhausted}); in
 * dry-run the refusal is recorded and the request goes on. Every limited response, allowed or
 * not, carries {@code RateLimit-Policy} and {@code RateLimit} (IETF httpapi draft).
 */
public final class RateLimitStage implements Stage {

    private final LocalBuckets buckets;
    private final Plans plans;
    private final ZoneId zone;

    public RateLimitStage(LocalBuckets buckets, Plans plans, ZoneId zone) {
        this.buckets = buckets;
        this.plans = plans;
        this.zone = zone;
    }

    @Override
    public Phase phase() {
        return Phase.PRINCIPAL_LIMITS;
    }

    @Override
    public Future<Decision> apply(Exchange exchange) {
        Route route = exchange.route();
        Plans.Plan plan = plans.of(exchange.principal());
        List<LimitRule> routeRules = route.limits();
        if (routeRules.isEmpty() && plan == null) {
            return Decision.CONTINUE_FUTURE;
        }
        StringBuilder state = new StringBuilder(64);
        Future<Decision> refused = check(exchange, routeRules, state);
        if (refused == null && plan != null) {
            refused = check(exchange, plan.rules(), state);
        }
        String policies = route.limitPolicies();
        if (plan != null && !plan.policyItems().isEmpty()) {
            policies = policies.isEmpty() ? plan.policyItems() : policies + ", " + plan.policyItems();
        }
        exchange.addResponseHeader("ratelimit-policy", policies);
        exchange.addResponseHeader("ratelimit", state.toString());
        return refused == null ? Decision.CONTINUE_FUTURE : refused;
    }

    /** Null when every rule admitted the request (or refused only in dry-run). */
    private Future<Decision> check(Exchange exchange, List<LimitRule> rules, StringBuilder state) {
        long now = exchange.startEpochMillis();
        for (int i = 0; i < rules.size(); i++) {
            LimitRule rule = rules.get(i);
            String key = rule.quota() == null
                    ? rule.id() + '\u0000' + rule.key().of(exchange)
                    : rule.id() + '\u0000' + rule.key().of(exchange) + '\u0000' + rule.periodLabel(now, zone);
            ConsumptionProbe probe = buckets.consume(key, rule);
            long reset = rule.quota() == null ? seconds(probe.getNanosToWaitForReset())
                    : rule.secondsToPeriodEnd(now, zone);
            if (state.length() > 0) {
                state.append(", ");
            }
            state.append('"').append(rule.name()).append("\";r=").append(probe.getRemainingTokens()).append(";t=").append(reset);
            if (!probe.isConsumed()) {
                long retryAfter = rule.quota() == null ? seconds(probe.getNanosToWaitForRefill()) : reset;
                Decision.Deny deny = rule.quota() == null
                        ? Decision.deny(Reason.RATE_LIMITED, "Rate limit '" + rule.name() + "' exceeded; retry in "
                                + retryAfter + " s.", rule.name())
                        : Decision.deny(Reason.QUOTA_EXHAUSTED, "Quota '" + rule.name() + "' used up for this "
                                + (rule.quota() == io.vigil.config.QuotaConfig.Period.DAILY ? "day" : "month") + ".", rule.name());
                Future<Decision> result = rule.mode().deny(exchange, deny);
                if (result != Decision.CONTINUE_FUTURE) {
                    exchange.addResponseHeader("retry-after", Long.toString(retryAfter));
                    return result;
                }
            }
        }
        return null;
    }

    private static long seconds(long nanos) {
        return Math.max(nanos > 0 ? 1 : 0, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
