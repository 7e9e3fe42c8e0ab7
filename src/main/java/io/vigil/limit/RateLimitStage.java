package io.vigil.limit;

import io.github.bucket4j.ConsumptionProbe;
import io.vertx.core.Future;
import io.vigil.config.QuotaConfig;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Phase;
import io.vigil.pipeline.Reason;
import io.vigil.pipeline.Stage;
import io.vigil.route.Route;
import java.time.ZoneId;
import java.util.List;

/**
 * The route's rate limits (or quotas), then those of the caller's plan: each takes one token from
 * its bucket (key: the rule, the key value, and for quotas the calendar period). Two instances run:
 * rate limits right after authentication ({@link Phase#PRINCIPAL_LIMITS}), quotas last
 * ({@link Phase#QUOTAS}), so that a request refused by another check uses up no quota. An empty bucket
 * refuses with 429 and {@code Retry-After} ({@code rate_limited}, or {@code quota_exhausted}); in
 * dry-run the refusal is recorded and the request goes on. Every limited response, allowed or
 * not, carries {@code RateLimit-Policy} and {@code RateLimit} (IETF httpapi draft). With Redis
 * the buckets are shared by all nodes and the stage resumes when Redis answers.
 */
public final class RateLimitStage implements Stage {

    private final BucketStore buckets;
    private final Plans plans;
    private final ZoneId zone;
    private final boolean quotas;

    /** @param quotas whether this instance checks quotas (last) rather than rate limits */
    public RateLimitStage(BucketStore buckets, Plans plans, ZoneId zone, boolean quotas) {
        this.buckets = buckets;
        this.plans = plans;
        this.zone = zone;
        this.quotas = quotas;
    }

    @Override
    public Phase phase() {
        return quotas ? Phase.QUOTAS : Phase.PRINCIPAL_LIMITS;
    }

    private List<LimitRule> rules(Limits limits) {
        return quotas ? limits.quotas() : limits.rates();
    }

    private String policies(Limits limits) {
        return quotas ? limits.quotaPolicies() : limits.ratePolicies();
    }

    @Override
    public Future<Decision> apply(Exchange exchange) {
        Route route = exchange.route();
        Plans.Plan plan = plans.of(exchange.principal());
        if (rules(route.limits()).isEmpty() && (plan == null || rules(plan.limits()).isEmpty())) {
            return Decision.CONTINUE_FUTURE;
        }
        return new Run(exchange, route, plan).from(0);
    }

    /** One request's pass over its rules; needed only because a remote store answers later. */
    private final class Run {
        final Exchange exchange;
        final List<LimitRule> routeRules;
        final List<LimitRule> planRules;
        final String policies;
        final StringBuilder state = new StringBuilder(64);

        Run(Exchange exchange, Route route, Plans.Plan plan) {
            this.exchange = exchange;
            this.routeRules = rules(route.limits());
            this.planRules = plan == null ? List.of() : rules(plan.limits());
            String items = policies(route.limits());
            String planItems = plan == null ? "" : policies(plan.limits());
            if (!planItems.isEmpty()) {
                items = items.isEmpty() ? planItems : items + ", " + planItems;
            }
            this.policies = items;
        }

        Future<Decision> from(int index) {
            int total = routeRules.size() + planRules.size();
            long now = exchange.startEpochMillis();
            for (int i = index; i < total; i++) {
                LimitRule rule = i < routeRules.size() ? routeRules.get(i) : planRules.get(i - routeRules.size());
                String key = rule.quota() == null
                        ? rule.id() + '\u0000' + rule.key().of(exchange)
                        : rule.id() + '\u0000' + rule.key().of(exchange) + '\u0000' + rule.periodLabel(now, zone);
                Future<ConsumptionProbe> probe = buckets.consume(key, rule);
                if (!probe.isComplete()) {
                    int next = i + 1;
                    return probe.compose(answer -> {
                        Future<Decision> refused = decide(rule, answer, now);
                        return refused != null ? refused : from(next);
                    });
                }
                if (probe.failed()) {
                    return Future.failedFuture(probe.cause());
                }
                Future<Decision> refused = decide(rule, probe.result(), now);
                if (refused != null) {
                    return refused;
                }
            }
            finish();
            return Decision.CONTINUE_FUTURE;
        }

        /** Null when the rule admitted the request, or refused only in dry-run. */
        private Future<Decision> decide(LimitRule rule, ConsumptionProbe probe, long now) {
            if (probe == null) {
                Future<Decision> result = rule.mode().deny(exchange, Decision.deny(Reason.RATE_LIMIT_STORE_UNAVAILABLE,
                        "Rate limits cannot be checked right now; retry shortly.", rule.name()));
                if (result == Decision.CONTINUE_FUTURE) {
                    return null;
                }
                finish();
                return result;
            }
            long reset = rule.quota() == null ? seconds(probe.getNanosToWaitForReset()) : rule.secondsToPeriodEnd(now, zone);
            if (state.length() > 0) {
                state.append(", ");
            }
            state.append('"').append(rule.name()).append("\";r=").append(probe.getRemainingTokens()).append(";t=").append(reset);
            if (probe.isConsumed()) {
                return null;
            }
            long retryAfter = rule.quota() == null ? seconds(probe.getNanosToWaitForRefill()) : reset;
            Decision.Deny deny = rule.quota() == null
                    ? Decision.deny(Reason.RATE_LIMITED, "Rate limit '" + rule.name() + "' exceeded; retry in "
                            + retryAfter + " s.", rule.name())
                    : Decision.deny(Reason.QUOTA_EXHAUSTED, "Quota '" + rule.name() + "' used up for this "
                            + (rule.quota() == QuotaConfig.Period.DAILY ? "day" : "month") + ".", rule.name());
            Future<Decision> result = rule.mode().deny(exchange, deny);
            if (result == Decision.CONTINUE_FUTURE) {
                return null;
            }
            finish();
            exchange.addResponseHeader("retry-after", Long.toString(retryAfter));
            return result;
        }

        private void finish() {
            exchange.addResponseHeader("ratelimit-policy", policies);
            if (state.length() > 0) {
                exchange.addResponseHeader("ratelimit", state.toString());
            }
        }
    }

    private static long seconds(long nanos) {
        return nanos <= 0 ? 0 : Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
