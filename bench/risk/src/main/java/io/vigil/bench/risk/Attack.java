package io.vigil.bench.risk;

/**
 * One injected attack and what became of it.
 *
 * @param type the kind of attack (one row of the report)
 * @param start simulated time of its first request
 * @param end simulated time of its last request
 * @param victim the caller whose identity or session it rides, if any: that caller's own refusals
 *     while it runs, and for the hour after (as long as its traces weigh in the caller's recent
 *     behaviour), are collateral, not false positives
 */
record Attack(String type, int instance, long start, long end, Caller victim, Outcome outcome) {

    static final long AFTERMATH = 60 * 60_000L;

    Attack(String type, int instance, long start, long end, Caller victim) {
        this(type, instance, start, end, victim, new Outcome());
    }

    boolean covers(Caller caller, long time) {
        return victim == caller && time >= start && time <= end + AFTERMATH;
    }

    /** Filled in as answers arrive (one dispatcher thread sends, the client's threads answer). */
    static final class Outcome {
        int sent;
        int detectedAt = -1;
        long detectedAfterMillis = -1;
        String detectedBy;

        synchronized int next() {
            return ++sent;
        }

        synchronized void detected(int index, long afterMillis, String reason) {
            if (detectedAt < 0 || index < detectedAt) {
                detectedAt = index;
                detectedAfterMillis = afterMillis;
                detectedBy = reason;
            }
        }
    }
}
