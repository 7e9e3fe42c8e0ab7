package io.vigil.pipeline;

/**
 * The fixed order of the request path. Stages declare their phase; the {@link Pipeline} runs them
 * in this order and nowhere else is order decided. Later capabilities slot into the phases that
 * are reserved for them here.
 */
public enum Phase {
    /** Strict parsing and the one path normalisation used everywhere after it. */
    NORMALISE,
    /** Route table lookup: no route is a 404 (default deny). */
    ROUTE,
    /** Per-route request limits (body size, WebSocket permission) and per-IP limits. */
    REQUEST_LIMITS,
    /** Any of the route's authentication methods; {@code none} only where the route says so. */
    AUTHENTICATE,
    /** Rate limits and quotas per identity, key or plan. */
    PRINCIPAL_LIMITS,
    /** Scopes, roles, CEL policies. */
    AUTHORIZE,
    /** Risk score and the action it calls for. */
    RISK,
    /** Request validation against the route's schema. */
    VALIDATE,
    /** Daily and monthly quotas: last, so that only requests every check admitted use them up. */
    QUOTAS,
    /** Identity assertion for the upstream and credential stripping. */
    ASSERT_IDENTITY
}
