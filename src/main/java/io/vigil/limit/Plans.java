package io.vigil.limit;

import io.vigil.auth.Principal;
import java.util.Map;

/**
 * The {@code plans:} section compiled: a caller's plan is its API key's plan, or the value of the
 * token claim {@code limits.planClaim}, or {@code limits.defaultPlan}. A plan the config does not
 * define gets the default plan's limits, so a stale plan name never escapes limits.
 */
public final class Plans {

    public static final Plans NONE = new Plans("plan", null, Map.of());

    /** One plan's limits. */
    public record Plan(String name, Limits limits) {
    }

    private final String planClaim;
    private final Plan defaultPlan;
    private final Map<String, Plan> plans;

    public Plans(String planClaim, String defaultPlan, Map<String, Plan> plans) {
        this.planClaim = planClaim;
        this.plans = Map.copyOf(plans);
        this.defaultPlan = defaultPlan == null ? null : plans.get(defaultPlan);
    }

    public boolean isEmpty() {
        return plans.isEmpty();
    }

    /**
     * The caller's plan, or null when it has none and there is no default. Anonymous callers (on
     * public routes) have no plan: their routes' own limits apply.
     */
    public Plan of(Principal principal) {
        if (plans.isEmpty() || principal == null || principal.type() == Principal.Type.ANONYMOUS) {
            return null;
        }
        Object value;
        if (principal.type() == Principal.Type.APIKEY) {
            // An API key's plan is its own record's, whatever claim tokens use.
            value = principal.claims().get("plan");
        } else {
            value = Principal.claimAt(principal.claims(), planClaim);
        }
        Plan named = value instanceof String name ? plans.get(name) : null;
        return named != null ? named : defaultPlan;
    }
}
