package io.vigil.risk;

/**
 * One session's own request rate: this minute's and the previous minute's counts, and the EWMA
 * mean and variance of its per-minute counts over the minutes it was active. The identity's
 * baseline sums all of its sessions, so a busy identity with a noisy total (a service with many
 * sessions, a user on three devices) hides one session that turns into a scraper; against its
 * own history that session stands out. Written by the baseline thread, read by the event loops
 * (a slightly stale read only shifts one estimate).
 */
final class SessionRate {

    private static final double ALPHA = 0.1;

    private volatile long minute = Long.MIN_VALUE;
    private volatile int thisMinute;
    private volatile int previousMinute;
    private volatile double mean;
    private volatile double variance;
    private volatile int activeMinutes;
    private boolean judgedThisMinute;

    /** @param judged the risk stage refused it: it counts now, but does not teach the session's usual rate */
    void observe(long timeMillis, boolean judged) {
        long m = timeMillis / 60_000;
        if (minute != Long.MIN_VALUE && m < minute) {
            // Records arrive as requests finish, stamped with their start: a long one from the
            // minute before still counts there; an older one no longer counts at all.
            if (m == minute - 1) {
                previousMinute++;
            }
            return;
        }
        if (m != minute) {
            if (minute != Long.MIN_VALUE && !judgedThisMinute) {
                double x = thisMinute;
                double delta = x - mean;
                variance = activeMinutes == 0 ? 0 : (1 - ALPHA) * (variance + ALPHA * delta * delta);
                mean = activeMinutes == 0 ? x : mean + ALPHA * delta;
                activeMinutes++;
            }
            previousMinute = m == minute + 1 ? thisMinute : 0;
            minute = m;
            thisMinute = 0;
            judgedThisMinute = false;
        }
        thisMinute++;
        judgedThisMinute |= judged;
    }

    /** Requests in the 60 s before {@code timeMillis}, the previous minute weighted by how much of it they cover. */
    int lastMinute(long timeMillis) {
        return (int) Baseline.slidingMinute(timeMillis, minute, thisMinute, previousMinute);
    }

    int activeMinutes() {
        return activeMinutes;
    }

    double mean() {
        return mean;
    }

    double std() {
        return Math.sqrt(variance);
    }
}
