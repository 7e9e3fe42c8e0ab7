package io.vigil.bench.risk;

import java.net.http.HttpRequest;

/** Someone replaying a victim's stolen access token from their own machine. */
final class Thief implements Caller {

    private final Human victim;

    Thief(Human victim) {
        this.victim = victim;
    }

    @Override
    public void credential(HttpRequest.Builder request, long now) {
        request.header("Authorization", "Bearer " + victim.stolen(now));
    }
}
