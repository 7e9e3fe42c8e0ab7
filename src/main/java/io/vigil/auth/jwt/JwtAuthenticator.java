package io.vigil.auth.jwt;

import io.vertx.core.Future;
import io.vigil.auth.AuthOutcome;
import io.vigil.auth.Authenticator;
import io.vigil.auth.BearerCredential;
import io.vigil.config.IdentityProviderConfig;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Reason;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * {@code auth: [jwt:NAME]}: a bearer JWT from one identity provider. The common case (keys
 * loaded, token seen before) completes at once on the event loop; only a token naming a key we
 * do not have, or a provider without usable keys, waits for a fetch, and that fetch runs off the
 * event loop.
 */
public final class JwtAuthenticator implements Authenticator {

    private static final Future<AuthOutcome> NOT_APPLICABLE = Future.succeededFuture(AuthOutcome.NOT_APPLICABLE);

    private final String id;
    private final IdentityProviderConfig config;
    private final TokenVerifier verifier;
    private final KeySource keys;
    private final Introspector introspector;
    private final VerifiedTokens verified;
    private final LongSupplier clock;
    private final String challenge;
    private final DpopProofs dpopProofs;

    /**
     * @param keys where JWT verification keys come from; null for a provider that introspects
     * @param introspector RFC 7662 for every token, or null to verify JWTs locally
     */
    JwtAuthenticator(String name, IdentityProviderConfig config, TokenVerifier verifier, KeySource keys,
            Introspector introspector, LongSupplier clock, String realm) {
        this.id = "jwt:" + name;
        this.config = config;
        this.verifier = verifier;
        this.keys = keys;
        this.introspector = introspector;
        this.clock = clock;
        this.verified = new VerifiedTokens(config.cache().maxTokens(), config.cache().ttl(), clock);
        this.challenge = switch (config.senderConstraint()) {
            case DPOP -> "DPoP realm=\"" + realm + "\", algs=\"" + DPOP_ALGORITHMS + "\"";
            case ANY -> "Bearer realm=\"" + realm + "\", DPoP realm=\"" + realm + "\", algs=\"" + DPOP_ALGORITHMS + "\"";
            default -> "Bearer realm=\"" + realm + "\"";
        };
        this.dpopProofs = new DpopProofs(java.time.Duration.ofSeconds(60), config.clockSkew().toMillis(), 100_000);
    }

    @Override
    public String id() {
        return id;
    }

    /** The config this authenticator was built from: a reload keeps it (and its keys) when unchanged. */
    public IdentityProviderConfig config() {
        return config;
    }

    @Override
    public String challenge() {
        return challenge;
    }

    /** Starts fetching keys, so the first request does not wait. Safe to call again. */
    public void start() {
        if (keys != null) {
            keys.start();
        }
    }

    @Override
    public Future<AuthOutcome> authenticate(Exchange exchange) {
        String authorization = exchange.headers().get("authorization");
        boolean dpop = authorization != null && authorization.regionMatches(true, 0, "DPoP ", 0, 5);
        if (dpop) {
            exchange.set(DPOP_SCHEME, Boolean.TRUE);
        }
        BearerCredential.Found found = BearerCredential.find(exchange, dpop ? "DPoP" : "Bearer");
        if (found instanceof BearerCredential.Token token) {
            String value = token.value();
            if (issuedForAnotherProvider(exchange, value)) {
                return NOT_APPLICABLE;
            }
            Future<AuthOutcome> outcome = check(value);
            if (outcome.isComplete()) {
                return outcome.succeeded() ? bound(exchange, outcome.result(), outcome, dpop, value) : outcome;
            }
            return outcome.compose(done -> bound(exchange, done, null, dpop, value));
        }
        if (found instanceof BearerCredential.Invalid invalid) {
            return Future.succeededFuture(invalid.rejection());
        }
        return NOT_APPLICABLE;
    }

    /**
     * On a route accepting tokens of several issuers ({@code auth: [jwt:a, jwt:b]}), the token's
     * own {@code iss} says which provider verifies it; the others step aside. Nothing is trusted
     * from the unverified claim: the provider it names checks the token completely.
     */
    private boolean issuedForAnotherProvider(Exchange exchange, String token) {
        java.util.List<Authenticator> all = exchange.route().authenticators();
        if (all.size() < 2) {
            return false;
        }
        String issuer = null;
        boolean read = false;
        for (Authenticator candidate : all) {
            if (candidate != this && candidate instanceof JwtAuthenticator other && other.introspector == null) {
                if (!read) {
                    issuer = unverifiedIssuer(token);
                    read = true;
                    if (issuer == null || issuer.equals(config.issuer())) {
                        return false;
                    }
                }
                if (issuer.equals(other.config.issuer())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String unverifiedIssuer(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.length() > TokenRules.MAX_TOKEN_CHARS) {
            return null;
        }
        try {
            String payload = new com.nimbusds.jose.util.Base64URL(token.substring(first + 1, second)).decodeToString();
            Object iss = com.nimbusds.jose.util.JSONObjectUtils.parse(payload).get("iss");
            return iss instanceof String s ? s : null;
        } catch (java.text.ParseException | RuntimeException e) {
            return null;
        }
    }

    Future<AuthOutcome> check(String token) {
        if (introspector != null) {
            return Future.fromCompletionStage(introspector.check(token)).transform(ar -> Future.succeededFuture(ar.failed()
                    ? new AuthOutcome.Rejected(Reason.IDENTITY_PROVIDER_UNAVAILABLE, unavailable(ar.cause()))
                    : outcome(ar.result(), null)));
        }
        long now = clock.getAsLong();
        KeySet current = keys.current(now);
        if (current == null) {
            return afterFetch(token, keys.refetch(now, false));
        }
        VerifiedTokens.TokenHash hash = token.length() <= TokenRules.MAX_TOKEN_CHARS ? VerifiedTokens.hash(token) : null;
        if (hash != null) {
            TokenVerifier.Verified hit = verified.get(hash, now);
            if (hit != null && current.stillHas(hit.kid(), hit.alg(), hit.fingerprint())) {
                return Future.succeededFuture(new AuthOutcome.Authenticated(hit.principal()));
            }
        }
        TokenVerifier.Result result = verifier.verify(token, current, now);
        if (result instanceof TokenVerifier.UnknownKey) {
            return afterFetch(token, keys.refetch(now, true));
        }
        return Future.succeededFuture(outcome(result, hash));
    }

    private static final Future<AuthOutcome> WRONG_CERTIFICATE = Future.succeededFuture(new AuthOutcome.Rejected(
            Reason.TOKEN_BINDING_MISMATCH, "The token is bound to a client certificate this connection did not present."));
    private static final Future<AuthOutcome> UNBOUND = Future.succeededFuture(new AuthOutcome.Rejected(
            Reason.TOKEN_BINDING_MISMATCH, "This issuer's tokens must be sender-constrained (a bound certificate or a DPoP proof)."));
    private static final Future<AuthOutcome> UNSUPPORTED_BINDING = Future.succeededFuture(new AuthOutcome.Rejected(
            Reason.TOKEN_BINDING_MISMATCH, "The token is bound (cnf) by a method this gateway does not support."));
    private static final Future<AuthOutcome> NOT_DPOP_BOUND = Future.succeededFuture(new AuthOutcome.Rejected(
            Reason.TOKEN_BINDING_MISMATCH, "The DPoP scheme needs a DPoP-bound token (cnf.jkt)."));

    /** The DPoP proof algorithms accepted ({@link DpopProofs#ALGORITHMS}), as DPoP challenges name them. */
    public static final String DPOP_ALGORITHMS = "ES256 ES384 ES512 RS256 PS256 EdDSA";

    /** Set when the request used the {@code DPoP} scheme, so challenges answer in that scheme. */
    public static final io.vigil.pipeline.Key<Boolean> DPOP_SCHEME = io.vigil.pipeline.Key.of("jwt.dpop", Boolean.class);
    private static final Future<AuthOutcome> DPOP_BOUND = Future.succeededFuture(new AuthOutcome.Rejected(
            Reason.TOKEN_BINDING_MISMATCH, "The token is DPoP-bound and cannot be used as a plain bearer token."));

    /**
     * Sender constraints, checked on every request (cached verdicts included): a token bound to a
     * certificate (RFC 8705 {@code cnf.x5t#S256}) only from a connection that presented it; a
     * DPoP-bound one ({@code cnf.jkt}) only with the {@code DPoP} scheme and a valid proof, never as
     * a bearer token; and the provider's {@code senderConstraint} on top.
     *
     * @param same the future holding {@code outcome}, returned as is when nothing is wrong
     */
    private Future<AuthOutcome> bound(Exchange exchange, AuthOutcome outcome, Future<AuthOutcome> same, boolean dpop,
            String token) {
        if (!(outcome instanceof AuthOutcome.Authenticated authenticated)) {
            return same != null ? same : Future.succeededFuture(outcome);
        }
        java.util.Map<String, Object> cnf = authenticated.principal().confirmation();
        Object jkt = cnf.get("jkt");
        Object x5t = cnf.get("x5t#S256");
        Object rawCnf = authenticated.principal().claims().get("cnf");
        if (rawCnf != null && (!(rawCnf instanceof java.util.Map<?, ?> given) || given.isEmpty()
                || !(given.get("jkt") instanceof String || given.get("x5t#S256") instanceof String))) {
            // Bound in a way this gateway cannot check (cnf.jwk, cnf.x5t, ...): never treat it as unbound.
            return UNSUPPORTED_BINDING;
        }
        if (dpop) {
            if (!(jkt instanceof String boundKey)) {
                return NOT_DPOP_BOUND;
            }
            String problem = dpopProofs.check(exchange, token, boundKey, clock.getAsLong());
            if (problem != null) {
                return Future.succeededFuture(new AuthOutcome.Rejected(Reason.DPOP_PROOF_INVALID, problem));
            }
        } else if (jkt != null) {
            return DPOP_BOUND;
        }
        if (x5t != null) {
            io.vigil.auth.mtls.ClientCertificate certificate = exchange.clientCertificate();
            if (!(x5t instanceof String thumbprint) || certificate == null || !certificate.matches(thumbprint)) {
                return WRONG_CERTIFICATE;
            }
        }
        boolean required = switch (config.senderConstraint()) {
            case NONE -> false;
            case MTLS -> x5t == null;
            case DPOP -> !dpop;
            case ANY -> x5t == null && !dpop;
        };
        if (required) {
            return UNBOUND;
        }
        return same != null ? same : Future.succeededFuture(outcome);
    }

    /** The slow path: verify once the key source has fetched (or decided not to). */
    private Future<AuthOutcome> afterFetch(String token, CompletableFuture<KeySet> fetched) {
        return Future.fromCompletionStage(fetched).transform(ar -> {
            if (ar.failed()) {
                return Future.succeededFuture(new AuthOutcome.Rejected(Reason.IDENTITY_PROVIDER_UNAVAILABLE,
                        unavailable(ar.cause())));
            }
            long now = clock.getAsLong();
            TokenVerifier.Result result = verifier.verify(token, ar.result(), now);
            if (result instanceof TokenVerifier.UnknownKey) {
                result = TokenVerifier.unknownKey();
            }
            VerifiedTokens.TokenHash hash = token.length() <= TokenRules.MAX_TOKEN_CHARS ? VerifiedTokens.hash(token) : null;
            return Future.succeededFuture(outcome(result, hash));
        });
    }

    private static String unavailable(Throwable cause) {
        Throwable root = cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null
                ? cause.getCause() : cause;
        return root instanceof KeySource.KeysUnavailableException ? root.getMessage()
                : "The identity provider is unavailable.";
    }

    private AuthOutcome outcome(TokenVerifier.Result result, VerifiedTokens.TokenHash hash) {
        if (result instanceof TokenVerifier.Verified ok) {
            if (hash != null) {
                verified.put(hash, ok);
            }
            return new AuthOutcome.Authenticated(ok.principal());
        }
        TokenVerifier.Refused refused = (TokenVerifier.Refused) result;
        return new AuthOutcome.Rejected(refused.reason(), refused.detail());
    }
}
