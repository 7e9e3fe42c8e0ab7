package io.vigil.auth.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/**
 * Tokens already verified, so a client sending the same token again costs a hash and a lookup
 * instead of a signature check. Keyed by SHA-256 of the whole token, never the token itself (a
 * heap dump must not hand out credentials), and never by the signature alone (a reused signature
 * with another payload must miss). An entry lives until the token's own validity ends or the
 * cache's ttl, whichever is first; callers also check that the signing key is still published.
 */
final class VerifiedTokens {

    /** The SHA-256 of a token as four longs: cheap to hash and compare. */
    record TokenHash(long a, long b, long c, long d) {
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required", e);
        }
    });

    private final Cache<TokenHash, TokenVerifier.Verified> cache;

    VerifiedTokens(int maxTokens, Duration ttl, java.util.function.LongSupplier clock) {
        long ttlNanos = ttl.toNanos();
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxTokens)
                // Maintenance on the calling thread: no wake-up of a pool thread per insert.
                .executor(Runnable::run)
                .expireAfter(Expiry.<TokenHash, TokenVerifier.Verified>creating((key, verified) -> {
                    // Saturating: a token valid until the year 9999 must not overflow into "expired".
                    long left = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
                            Math.max(0, verified.validUntilMillis() - clock.getAsLong()));
                    return Duration.ofNanos(Math.min(ttlNanos, left));
                }))
                .build();
    }

    static TokenHash hash(String token) {
        MessageDigest digest = SHA256.get();
        // The token is ASCII (checked as b64token before it gets here).
        byte[] bytes = token.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.wrap(digest.digest(bytes));
        return new TokenHash(out.getLong(), out.getLong(), out.getLong(), out.getLong());
    }

    /** The cached verdict if it still holds at {@code nowMillis}, else null. */
    TokenVerifier.Verified get(TokenHash hash, long nowMillis) {
        TokenVerifier.Verified verified = cache.getIfPresent(hash);
        return verified != null && nowMillis < verified.validUntilMillis() ? verified : null;
    }

    void put(TokenHash hash, TokenVerifier.Verified verified) {
        cache.put(hash, verified);
    }

    long size() {
        return cache.estimatedSize();
    }
}
