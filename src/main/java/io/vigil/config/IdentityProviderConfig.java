package io.vigil.config;

import java.time.Duration;
import java.util.List;

/**
 * One token issuer, used by routes as {@code auth: [jwt:NAME]}. Keys come from exactly one
 * source: OIDC discovery on {@code issuer} (the default), {@code jwksUri}, {@code jwksFile}, or
 * an HMAC {@code secret}. Nothing in a token's header ({@code jku}, {@code x5u}, {@code jwk},
 * {@code x5c}) is ever used to find a key.
 *
 * @param issuer the exact {@code iss} value tokens must carry; also the discovery base
 * @param jwksUri fetch keys here instead of discovering them
 * @param jwksFile a static JWKS file, read at config load
 * @param secret an HMAC secret (at least 32 bytes) for HS256/384/512; only for providers
 *     without public keys, and only when the algorithms list names an HS algorithm
 * @param algorithms accepted {@code alg} values; {@code none} is never accepted
 * @param audiences tokens must name at least one of these in {@code aud}
 * @param requiredClaims claims that must be present (beyond {@code iss}, {@code exp}, {@code sub})
 * @param maxTokenAge refuse tokens whose {@code iat} is older than this, even if unexpired
 * @param tokenType required {@code typ} header, e.g. {@code at+jwt} (RFC 9068)
 * @param introspection check every token with the provider's RFC 7662 endpoint (opaque tokens)
 *     instead of verifying JWTs locally
 * @param senderConstraint {@code mtls}: every token must be bound to the client certificate
 *     ({@code cnf.x5t#S256}, RFC 8705); {@code dpop}: every token must be DPoP-bound and come with
 *     a proof (RFC 9449); {@code any}: one or the other. Whatever this says, a token that is bound
 *     is only accepted from the client it is bound to.
 */
public record IdentityProviderConfig(
        @Required String issuer,
        String jwksUri,
        String jwksFile,
        String secret,
        @Default("[RS256, PS256, ES256, EdDSA]") List<String> algorithms,
        @Required List<String> audiences,
        List<String> requiredClaims,
        @Default("30s") Duration clockSkew,
        Duration maxTokenAge,
        String tokenType,
        @Default("none") SenderConstraint senderConstraint,
        ClaimsConfig claims,
        KeysConfig keys,
        CacheConfig cache,
        @OptionalSection IntrospectionConfig introspection) {

    public IdentityProviderConfig {
        if (audiences != null && audiences.isEmpty()) {
            throw new IllegalArgumentException("audiences: empty (expected: at least one accepted audience)");
        }
        if (clockSkew != null && (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0)) {
            throw new IllegalArgumentException("clockSkew: " + clockSkew + " (expected: 0s..5m)");
        }
    }

    /** Which proof of possession tokens must come with: none required, a certificate, a DPoP proof, either. */
    public enum SenderConstraint { NONE, MTLS, DPOP, ANY }

    /**
     * Where the principal's attributes are in the claims. Paths are dotted
     * ({@code realm_access.roles}); a value may be a list or a space-separated string.
     */
    public record ClaimsConfig(
            @Default("[scope, scp]") List<String> scopes,
            @Default("roles") String roles,
            @Default("tenant") String tenant) {
    }

    /**
     * Key set caching. The refresh interval comes from the JWKS response's
     * {@code Cache-Control: max-age}, bounded by {@code minRefresh} and {@code maxRefresh}.
     *
     * @param unknownKidCooldown at most one refetch per this period for tokens naming a key we
     *     do not have, so a storm of random {@code kid}s cannot hammer the provider
     * @param maxStale how long the last good keys keep serving while the provider is down;
     *     after that the provider's tokens get 503
     */
    public record KeysConfig(
            @Default("1m") Duration minRefresh,
            @Default("1h") Duration maxRefresh,
            @Default("30s") Duration unknownKidCooldown,
            @Default("24h") Duration maxStale,
            @Default("5s") Duration fetchTimeout) {
    }

    /** Verified tokens, keyed by a hash of the token; an entry lives until min(exp, ttl). */
    public record CacheConfig(@Default("100000") int maxTokens, @Default("5m") Duration ttl) {
    }

    /**
     * RFC 7662 token introspection. The client authenticates with {@code clientSecret} (HTTP
     * Basic) or {@code clientAssertionKey} (a private JWK file: {@code private_key_jwt}).
     *
     * @param cacheTtl an active answer is reused until min(exp, this)
     * @param negativeTtl an inactive answer is reused this long
     */
    public record IntrospectionConfig(
            @Required String endpoint,
            @Required String clientId,
            String clientSecret,
            String clientAssertionKey,
            @Default("60s") Duration cacheTtl,
            @Default("10s") Duration negativeTtl,
            @Default("3s") Duration timeout) {
    }
}
