package io.vigil.proxy;

import io.vigil.config.UpstreamConfig.CircuitBreakerConfig;

/**
 * A failure-rate circuit breaker over a fixed window. Closed: requests flow and outcomes are
 * counted. Open: every request fails fast until {@code openFor} has passed. Half-open: one trial
 * request is let through; its outcome closes or re-opens the circuit.
 */
final class CircuitBreaker {

    enum State { CLOSED, OPEN, HALF_OPEN }

    private final boolean enabled;
    private final int failureRatePercent;
    private final int minimumRequests;
    private final long windowNanos;
    private final long openNanos;

    private State state = State.CLOSED;
    private long windowStart;
    private int requests;
    private int failures;
    private long openedAt;
    private boolean trialInFlight;

    CircuitBreaker(CircuitBreakerConfig config) {
        this.enabled = config.enabled();
        this.failureRatePercent = config.failureRatePercent();
        this.minimumRequests = config.minimumRequests();
        this.windowNanos = config.window().toNanos();
        this.openNanos = config.openFor().toNanos();
    }

    synchronized boolean tryAcquire(long now) {
        if (!enabled) {
            return true;
        }
        if (state == State.OPEN) {
            if (now - openedAt < openNanos) {
                return false;
            }
            state = State.HALF_OPEN;
            trialInFlight = false;
        }
        if (state == State.HALF_OPEN) {
            if (trialInFlight) {
                return false;
            }
            trialInFlight = true;
        }
        return true;
    }

    synchronized void record(boolean success, long now) {
        if (!enabled) {
            return;
        }
        if (state == State.HALF_OPEN) {
            trialInFlight = false;
            if (success) {
                state = State.CLOSED;
                resetWindow(now);
            } else {
                open(now);
            }
            return;
        }
        if (now - windowStart > windowNanos) {
            resetWindow(now);
        }
        requests++;
        if (!success) {
            failures++;
        }
        if (state == State.CLOSED && requests >= minimumRequests
                && failures * 100L >= (long) failureRatePercent * requests) {
            open(now);
        }
    }

    /**
     * Gives back an acquisition whose outcome says nothing about the upstream (the client left,
     * or sent too large a body): a half-open trial may be tried again, nothing is counted.
     */
    synchronized void release() {
        if (state == State.HALF_OPEN) {
            trialInFlight = false;
        }
    }

    synchronized State state() {
        return state;
    }

    private void open(long now) {
        state = State.OPEN;
        openedAt = now;
    }

    private void resetWindow(long now) {
        windowStart = now;
        requests = 0;
        failures = 0;
    }
}
