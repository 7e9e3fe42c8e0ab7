package io.vigil.bench.risk;

import java.net.http.HttpRequest;

/** Whoever sends a planned request: adds its credential, and reacts to answers like a real client would. */
interface Caller {

    /** Adds the credential this caller holds at simulated time {@code now}. */
    void credential(HttpRequest.Builder request, long now);

    /** What the gateway answered (its {@code reason} for a refusal, else null). */
    default void answered(int status, String reason, long now) {
    }
}
