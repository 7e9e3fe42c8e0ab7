package io.vigil.auth.apikey;

import java.util.Set;

/**
 * One API key's record: everything but the key itself, which is never stored.
 *
 * @param hash hex HMAC-SHA-256 of the key under the server's pepper
 * @param revokedAtMillis 0 when active; in the future while a rotated-out key is in its grace period
 * @param expiresAtMillis 0 for no expiry
 */
public record ApiKey(
        String id,
        String hash,
        String prefix,
        String name,
        String owner,
        Set<String> scopes,
        String plan,
        long createdAtMillis,
        long expiresAtMillis,
        long revokedAtMillis,
        String replacedBy,
        long lastUsedAtMillis) {

    public ApiKey {
        scopes = Set.copyOf(scopes);
    }

    /** Whether the key opens doors at this moment. */
    public boolean usableAt(long nowMillis) {
        return (expiresAtMillis == 0 || nowMillis < expiresAtMillis) && (revokedAtMillis == 0 || nowMillis < revokedAtMillis);
    }

    public String status(long nowMillis) {
        if (revokedAtMillis != 0 && nowMillis >= revokedAtMillis) {
            return replacedBy != null ? "rotated" : "revoked";
        }
        if (expiresAtMillis != 0 && nowMillis >= expiresAtMillis) {
            return "expired";
        }
        return revokedAtMillis != 0 ? "rotating" : "active";
    }
}
