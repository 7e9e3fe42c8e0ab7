package io.vigil.limit;

import java.util.ArrayList;
import java.util.List;

/**
 * A route's or plan's limits, split by when they run: rate limits right after authentication,
 * quotas last, so that a request refused by any other check does not use up a quota.
 *
 * @param ratePolicies / quotaPolicies their {@code RateLimit-Policy} items, ready to send
 */
public record Limits(List<LimitRule> rates, String ratePolicies, List<LimitRule> quotas, String quotaPolicies) {

    public static final Limits NONE = new Limits(List.of(), "", List.of(), "");

    public Limits {
        rates = List.copyOf(rates);
        quotas = List.copyOf(quotas);
    }

    public static Limits of(List<LimitRule> rules) {
        List<LimitRule> rates = new ArrayList<>();
        List<LimitRule> quotas = new ArrayList<>();
        for (LimitRule rule : rules) {
            (rule.quota() == null ? rates : quotas).add(rule);
        }
        return rates.isEmpty() && quotas.isEmpty() ? NONE : new Limits(rates, items(rates), quotas, items(quotas));
    }

    public boolean isEmpty() {
        return rates.isEmpty() && quotas.isEmpty();
    }

    private static String items(List<LimitRule> rules) {
        StringBuilder items = new StringBuilder();
        for (LimitRule rule : rules) {
            items.append(items.length() == 0 ? "" : ", ").append(rule.policyItem());
        }
        return items.toString();
    }
}
