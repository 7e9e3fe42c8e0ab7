package io.vigil.config;

import io.vigil.alert.Alerts;
import io.vigil.auth.apikey.ApiKeys;
import io.vigil.auth.revocation.Revocations;
import io.vigil.risk.Baselines;

/**
 * Gateway state that outlives any one config and that compiled stages use: API key records, the
 * revocation list (which the risk stage adds to when it terminates a session), alerts, and the
 * per-identity behaviour baselines the risk stage reads.
 */
public record GatewayServices(ApiKeys apiKeys, Revocations revocations, Alerts alerts, Baselines baselines) {

    /** Unopened, empty services: right for {@code vigil check} and {@code vigil replay}. */
    public static GatewayServices detached() {
        return new GatewayServices(new ApiKeys(), new Revocations(), new Alerts(), new Baselines(10_000));
    }
}
