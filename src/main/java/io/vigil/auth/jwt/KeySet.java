package io.vigil.auth.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One provider's verification keys as loaded at one moment: immutable, replaced whole when the
 * keys are refetched. Each key carries a ready verifier and the algorithms it may verify, so the
 * request path does no key conversion.
 *
 * @param byKid keys with a {@code kid}; a JWKS with a repeated {@code kid} is never loaded
 * @param unnamed keys without a {@code kid}; a token without one may use them
 * @param fetchedAtMillis when these keys were obtained (the start of {@code maxStale})
 * @param refreshAtMillis when to fetch again, in the background, while still serving these
 */
record KeySet(Map<String, Key> byKid, List<Key> unnamed, long fetchedAtMillis, long refreshAtMillis) {

    /** A key that never expires and never refreshes: static files and HMAC secrets. */
    static final long NEVER = Long.MAX_VALUE;

    /** @param fingerprint the key's RFC 7638 thumbprint: a cached verdict holds only while it is still here */
    record Key(String kid, Set<JWSAlgorithm> algorithms, JWSVerifier verifier, String fingerprint) {
    }

    KeySet {
        byKid = Map.copyOf(byKid);
        unnamed = List.copyOf(unnamed);
    }

    int size() {
        return byKid.size() + unnamed.size();
    }

    /**
     * The key a token's header selects, or null. A {@code kid} selects exactly that key; without
     * one, the only key that verifies the algorithm does (several candidates is ambiguous, and
     * trying each would let one token cost many verifications).
     */
    Key select(String kid, JWSAlgorithm alg) {
        if (kid != null) {
            return byKid.get(kid);
        }
        Key only = null;
        for (Key key : unnamed) {
            if (key.algorithms().contains(alg)) {
                if (only != null) {
                    return null;
                }
                only = key;
            }
        }
        if (only == null && unnamed.isEmpty() && byKid.size() == 1) {
            Key single = byKid.values().iterator().next();
            return single.algorithms().contains(alg) ? single : null;
        }
        return only;
    }

    /** Whether the key that verified a cached token is still in this set, unchanged. */
    boolean stillHas(String kid, JWSAlgorithm alg, String fingerprint) {
        Key key = select(kid, alg);
        return key != null && key.fingerprint().equals(fingerprint);
    }

    KeySet withTimes(long fetchedAt, long refreshAt) {
        return new KeySet(byKid, unnamed, fetchedAt, refreshAt);
    }
}
