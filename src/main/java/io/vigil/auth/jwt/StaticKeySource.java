package io.vigil.auth.jwt;

import java.util.concurrent.CompletableFuture;

/** Keys fixed at config load: a JWKS file or an HMAC secret. Reload the config to change them. */
final class StaticKeySource implements KeySource {

    private final KeySet keys;
    private final CompletableFuture<KeySet> ready;

    StaticKeySource(KeySet keys) {
        this.keys = keys.withTimes(0, KeySet.NEVER);
        this.ready = CompletableFuture.completedFuture(this.keys);
    }

    @Override
    public KeySet current(long nowMillis) {
        return keys;
    }

    @Override
    public CompletableFuture<KeySet> refetch(long nowMillis, boolean unknownKid) {
        return ready;
    }
}
