package io.vigil.auth.revocation;

import static java.util.Objects.requireNonNull;

/**
 * One deny-list entry: a token ({@code jti}), a subject (optionally only its tokens issued before
 * a moment), or a session ({@code sid}).
 *
 * @param issuer null to match tokens of every issuer
 * @param issuedBefore for {@link Kind#SUB}: epoch seconds; tokens issued at or after it are not
 *     covered (the user logged in again). Null covers every token of the subject.
 * @param expiresAtMillis when the entry may be forgotten: the covered tokens have expired by then
 */
public record Revocation(
        String id,
        Kind kind,
        String value,
        String issuer,
        Long issuedBefore,
        long expiresAtMillis,
        long createdAtMillis,
        String reason) {

    public enum Kind { JTI, SUB, SID }

    public Revocation {
        requireNonNull(id, "id");
        requireNonNull(kind, "kind");
        requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > 1024) {
            throw new IllegalArgumentException("the revoked value must be 1 to 1024 characters");
        }
        if (issuedBefore != null && kind != Kind.SUB) {
            throw new IllegalArgumentException("'before' applies to subject revocations only");
        }
    }
}
