package io.vigil.bench.risk;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The gateway's wall clock during a simulation: the simulator moves it to each request's planned
 * time before sending it, so two weeks of traffic play in about a minute while every time-based
 * signal (hours, rates, windows, travel) sees simulated time.
 */
final class SimulatedClock extends Clock {

    private volatile long millis;

    SimulatedClock(long startMillis) {
        this.millis = startMillis;
    }

    /** Moves forward only: requests still in flight never see time run backwards. */
    void advanceTo(long timeMillis) {
        if (timeMillis > millis) {
            millis = timeMillis;
        }
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the simulated clock is UTC");
    }
}
