package io.vigil.auth.jwt;

import java.util.concurrent.CompletableFuture;

/** Where one provider's verification keys come from: a file, a secret, or a remote JWKS. */
interface KeySource {

    /**
     * The keys to verify with now, or null when none are usable (not loaded yet, or older than
     * {@code maxStale} because the provider has been unreachable). Starts a background refresh
     * when one is due; never waits for it.
     */
    KeySet current(long nowMillis);

    /**
     * Keys after trying to fetch them again. A remote source fetches at most once per cool-down
     * (and joins a fetch already running), so callers may ask freely. Completes with the keys to
     * use, possibly unchanged, or fails with {@link KeysUnavailableException} when none are usable.
     *
     * @param unknownKid a token named a key we do not have (the cool-down applies), rather than
     *     there being no usable keys at all
     */
    CompletableFuture<KeySet> refetch(long nowMillis, boolean unknownKid);

    /** Begins loading, so the first request rarely waits. */
    default void start() {
    }

    /** No usable keys: the provider's tokens get 503, never an allow and never a 401. */
    final class KeysUnavailableException extends RuntimeException {
        KeysUnavailableException(String message) {
            super(message, null, false, false);
        }
    }
}
