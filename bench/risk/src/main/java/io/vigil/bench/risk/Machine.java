package io.vigil.bench.risk;

import java.net.http.HttpRequest;

/** A service calling the API with its API key, around the clock, from one address. */
final class Machine implements Caller {

    final String name;
    final String ip;
    final String agent;
    private final java.util.function.Supplier<String> newKey;
    private String key;
    private boolean endedByAttack;

    /** @param newKey issues a replacement key, as the service's owners do when theirs is revoked */
    Machine(String name, String ip, String agent, java.util.function.Supplier<String> newKey) {
        this.name = name;
        this.ip = ip;
        this.agent = agent;
        this.newKey = newKey;
        this.key = newKey.get();
    }

    @Override
    public synchronized void credential(HttpRequest.Builder request, long now) {
        request.header("Authorization", "ApiKey " + key);
    }

    /** The gateway revoked this key because an attacker used it: its refusals until it is replaced are collateral. */
    synchronized void endedByAttack() {
        endedByAttack = true;
    }

    synchronized boolean collateral(String reason) {
        return endedByAttack && ("token_revoked".equals(reason) || "session_terminated".equals(reason));
    }

    @Override
    public synchronized void answered(int status, String reason, long now) {
        if (endedByAttack && "token_revoked".equals(reason)) {
            key = newKey.get();
            endedByAttack = false;
        }
    }
}
