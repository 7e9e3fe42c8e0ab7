package io.vigil.auth.jwt;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vigil.auth.Principal;
import io.vigil.config.IdentityProviderConfig;
import io.vigil.pipeline.Reason;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 7662 introspection for a provider's (opaque) tokens. Answers are cached by the token's
 * SHA-256: an active one until min(exp, cacheTtl), an inactive one for negativeTtl; concurrent
 * requests with the same token share one call. The call runs on the HTTP client's threads, never
 * an event loop; an endpoint that fails or times out is 503 for those tokens, never an allow and
 * never cached.
 */
final class Introspector {

    private static final Logger LOG = LoggerFactory.getLogger(Introspector.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String provider;
    private final IdentityProviderConfig.IntrospectionConfig config;
    private final TokenRules rules;
    private final URI endpoint;
    private final JWK assertionKey;
    private final LongSupplier clock;
    private final AsyncCache<VerifiedTokens.TokenHash, TokenVerifier.Result> answers;

    Introspector(String provider, IdentityProviderConfig.IntrospectionConfig config, TokenRules rules, JWK assertionKey,
            int maxTokens, LongSupplier clock) {
        this.provider = provider;
        this.config = config;
        this.rules = rules;
        this.endpoint = URI.create(config.endpoint());
        this.assertionKey = assertionKey;
        this.clock = clock;
        long ttl = config.cacheTtl().toNanos();
        long negative = config.negativeTtl().toNanos();
        this.answers = Caffeine.newBuilder().maximumSize(maxTokens)
                // Maintenance on the calling thread: no wake-up of a pool thread per insert.
                .executor(Runnable::run)
                .expireAfter(Expiry.<VerifiedTokens.TokenHash, TokenVerifier.Result>creating((key, result) -> {
                    if (result instanceof TokenVerifier.Verified verified) {
                        long left = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
                                Math.max(0, verified.validUntilMillis() - clock.getAsLong()));
                        return Duration.ofNanos(Math.min(ttl, left));
                    }
                    return Duration.ofNanos(negative);
                }))
                .buildAsync();
    }

    /** The verdict on a token; fails (→ 503) only when the endpoint could not give one. */
    CompletableFuture<TokenVerifier.Result> check(String token) {
        if (token.length() > TokenRules.MAX_TOKEN_CHARS) {
            return CompletableFuture.completedFuture(new TokenVerifier.Refused(Reason.TOKEN_MALFORMED, "The token is too large."));
        }
        VerifiedTokens.TokenHash hash = VerifiedTokens.hash(token);
        CompletableFuture<TokenVerifier.Result> answer = answers.get(hash, (key, executor) -> call(token));
        if (answer.isDone() && !answer.isCompletedExceptionally()) {
            TokenVerifier.Result result = answer.join();
            // A cached "active" must still be within its own exp.
            if (result instanceof TokenVerifier.Verified v && clock.getAsLong() >= v.validUntilMillis()) {
                answers.synchronous().invalidate(hash);
                return CompletableFuture.completedFuture(new TokenVerifier.Refused(Reason.TOKEN_EXPIRED, "The token expired."));
            }
        }
        return answer;
    }

    private CompletableFuture<TokenVerifier.Result> call(String token) {
        String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&token_type_hint=access_token";
        String authorization = null;
        try {
            if (assertionKey != null) {
                form += "&client_id=" + URLEncoder.encode(config.clientId(), StandardCharsets.UTF_8)
                        + "&client_assertion_type=" + URLEncoder.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        StandardCharsets.UTF_8) + "&client_assertion=" + clientAssertion();
            } else {
                // RFC 6749 §2.3.1: each part form-encoded before joining.
                String credentials = URLEncoder.encode(config.clientId(), StandardCharsets.UTF_8) + ":"
                        + URLEncoder.encode(config.clientSecret(), StandardCharsets.UTF_8);
                authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
            }
        } catch (JOSEException e) {
            return CompletableFuture.failedFuture(new KeySource.KeysUnavailableException(
                    "Identity provider '" + provider + "' cannot be asked: the client assertion could not be signed."));
        }
        return HttpDocuments.postForm(endpoint, form, authorization, config.timeout()).handle((response, error) -> {
            if (error != null || response.statusCode() != 200) {
                String why = error != null ? error.getClass().getSimpleName() : "HTTP " + response.statusCode();
                LOG.warn("identity provider '{}': introspection failed ({}); its opaque tokens get 503", provider, why);
                throw new KeySource.KeysUnavailableException("Identity provider '" + provider
                        + "' is unavailable: token introspection failed.");
            }
            return verdict(response.body());
        });
    }

    private TokenVerifier.Result verdict(String body) {
        Map<String, Object> answer;
        try {
            answer = JSON.readValue(body, new TypeReference<Map<String, Object>>() { });
        } catch (java.io.IOException e) {
            throw new KeySource.KeysUnavailableException("Identity provider '" + provider
                    + "' is unavailable: its introspection answer is not JSON.");
        }
        if (!Boolean.TRUE.equals(answer.get("active"))) {
            return new TokenVerifier.Refused(Reason.INVALID_TOKEN, "The token is not active.");
        }
        long now = clock.getAsLong();
        long exp = TokenVerifier.numericDate(answer, "exp");
        if (exp == TokenVerifier.BAD || (exp > 0 && now >= exp * 1000 + rules.clockSkewMillis())) {
            return new TokenVerifier.Refused(Reason.TOKEN_EXPIRED, "The token expired.");
        }
        Object iss = answer.get("iss");
        if (iss != null && !rules.issuer().equals(iss)) {
            return new TokenVerifier.Refused(Reason.TOKEN_ISSUER_MISMATCH, "The token was issued by another issuer.");
        }
        Object type = answer.get("token_type");
        if (type instanceof String t && t.toLowerCase(java.util.Locale.ROOT).contains("refresh")) {
            return new TokenVerifier.Refused(Reason.TOKEN_TYPE_REJECTED, "The token is not an access token.");
        }
        // The audience is required here as for JWTs: a token for another resource server must not pass.
        Object aud = answer.get("aud");
        if (!audienceMatches(aud)) {
            return new TokenVerifier.Refused(Reason.TOKEN_AUDIENCE_MISMATCH, "The token is not meant for this API (audience).");
        }
        Map<String, Object> claims = new java.util.HashMap<>(answer);
        Object sub = answer.get("sub");
        Object clientId = answer.get("client_id");
        if (!(sub instanceof String) && clientId instanceof String client) {
            // A client-credentials token may name only its client.
            claims.put("sub", client);
        }
        if (!(claims.get("sub") instanceof String)) {
            return new TokenVerifier.Refused(Reason.TOKEN_CLAIMS_INVALID, "The introspected token has no subject.");
        }
        claims.putIfAbsent("iss", rules.issuer());
        Principal principal;
        try {
            principal = new PrincipalMapper(rules).map(claims, Math.max(exp, 0));
        } catch (IllegalArgumentException e) {
            return new TokenVerifier.Refused(Reason.TOKEN_CLAIMS_INVALID, e.getMessage());
        }
        long validUntil = exp > 0 ? exp * 1000 + rules.clockSkewMillis() : Long.MAX_VALUE;
        return new TokenVerifier.Verified(principal, validUntil, null, null, "introspection");
    }

    private boolean audienceMatches(Object aud) {
        if (aud instanceof String one) {
            return rules.audiences().contains(one);
        }
        if (aud instanceof java.util.List<?> many) {
            return many.stream().anyMatch(a -> a instanceof String s && rules.audiences().contains(s));
        }
        return false;
    }

    /** RFC 7523 client assertion: iss = sub = client_id, aud = the endpoint, short-lived, unique. */
    private String clientAssertion() throws JOSEException {
        long now = clock.getAsLong();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(config.clientId()).subject(config.clientId())
                .audience(config.endpoint()).jwtID(UUID.randomUUID().toString()).issueTime(new Date(now))
                .expirationTime(new Date(now + 60_000)).build();
        SignedJWT jwt;
        if (assertionKey instanceof RSAKey rsa) {
            jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(rsa));
        } else if (assertionKey instanceof ECKey ec) {
            jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).build(), claims);
            jwt.sign(new ECDSASigner(ec));
        } else {
            throw new JOSEException("client assertion keys are RSA or EC");
        }
        return jwt.serialize();
    }
}
