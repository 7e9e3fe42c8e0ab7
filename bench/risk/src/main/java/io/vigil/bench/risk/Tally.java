package io.vigil.bench.risk;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** What the gateway answered benign traffic: how much was stepped up or refused, and why. */
final class Tally {

    /** Answers that mean a control acted on its own judgement (not a plain 401/403/404 for a bad request). */
    static final Set<String> DEFENSIVE = Set.of("step_up_required", "risk_too_high", "session_terminated", "token_revoked",
            "auth_failures_exceeded", "rate_limited");

    long benign;
    long benignTestWeek;
    long falsePositives;
    long falsePositivesTestWeek;
    long collateral;
    long errors;
    final Map<String, Long> byReason = new TreeMap<>();
    final Map<String, Long> byRoute = new TreeMap<>();
    /** Request ids of false positives, to look up their risk factors in the decision log. */
    final Set<String> falsePositiveIds = ConcurrentHashMap.newKeySet();

    synchronized void benign(boolean testWeek, String reason, boolean collateralRefusal, String route, String requestId) {
        benign++;
        if (testWeek) {
            benignTestWeek++;
        }
        if (reason == null || !DEFENSIVE.contains(reason)) {
            return;
        }
        if (collateralRefusal) {
            collateral++;
            return;
        }
        falsePositives++;
        if (testWeek) {
            falsePositivesTestWeek++;
        }
        byReason.merge(reason, 1L, Long::sum);
        byRoute.merge(route, 1L, Long::sum);
        if (requestId != null) {
            falsePositiveIds.add(requestId);
        }
    }

    synchronized void error() {
        errors++;
    }
}
