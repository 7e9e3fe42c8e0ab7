package io.vigil.auth.revocation;

import io.vigil.auth.Principal;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deny-list as the request path reads it: immutable, replaced whole on every change, three
 * hash lookups per request (more only when an entry matches the value). Entries are indexed by
 * value; each holds its issuer scope and expiry.
 */
final class RevocationList {

    static final RevocationList EMPTY = new RevocationList(List.of());

    private final Map<String, List<Revocation>> byJti = new HashMap<>();
    private final Map<String, List<Revocation>> bySub = new HashMap<>();
    private final Map<String, List<Revocation>> bySid = new HashMap<>();
    private final List<Revocation> all;

    RevocationList(Collection<Revocation> entries) {
        this.all = List.copyOf(entries);
        for (Revocation r : all) {
            Map<String, List<Revocation>> index = switch (r.kind()) {
                case JTI -> byJti;
                case SUB -> bySub;
                case SID -> bySid;
            };
            index.computeIfAbsent(r.value(), k -> new java.util.ArrayList<>(1)).add(r);
        }
    }

    List<Revocation> all() {
        return all;
    }

    /** The entry revoking this principal's credential, or null. */
    Revocation find(Principal principal, long nowMillis) {
        if (all.isEmpty() || principal.type() == Principal.Type.ANONYMOUS) {
            return null;
        }
        Revocation hit = match(byJti.get(principal.tokenId()), principal, nowMillis);
        if (hit == null) {
            hit = match(bySub.get(principal.subject()), principal, nowMillis);
        }
        if (hit == null) {
            hit = match(bySid.get(principal.sessionId()), principal, nowMillis);
        }
        return hit;
    }

    private static Revocation match(List<Revocation> candidates, Principal principal, long nowMillis) {
        if (candidates == null) {
            return null;
        }
        for (Revocation r : candidates) {
            if (r.expiresAtMillis() <= nowMillis) {
                continue;
            }
            if (r.issuer() != null && !r.issuer().equals(principal.issuer())) {
                continue;
            }
            // A token without iat cannot show it was issued after the cut-off: it is covered.
            if (r.issuedBefore() != null && principal.issuedAt() > 0 && principal.issuedAt() >= r.issuedBefore()) {
                continue;
            }
            return r;
        }
        return null;
    }
}
