package io.vigil.pipeline;

/**
 * Stable reason codes shared by responses, the decision log and metrics. A code never changes
 * meaning once released: dashboards and alert rules key on it.
 */
public enum Reason {
    ALLOWED(200, "Allowed", null),

    // Request shape: rejected before any route is consulted.
    MALFORMED_REQUEST(400, "Malformed request", null),
    AMBIGUOUS_PATH(400, "Ambiguous request path", null),
    HOST_MISMATCH(400, "Absolute-form target does not match Host", null),
    URI_TOO_LONG(414, "Request target too long", null),
    HEADERS_TOO_LARGE(431, "Request header fields too large", null),
    BODY_TOO_LARGE(413, "Request body too large", null),
    REQUEST_TIMEOUT(408, "Request timed out", null),

    // Routing: default deny.
    NO_ROUTE(404, "No route", null),
    /** The route's spec declares no such operation, and the route says {@code undocumented: deny}. */
    UNDOCUMENTED_ENDPOINT(404, "Endpoint not in the API's spec", null),
    METHOD_NOT_ALLOWED(405, "Method not allowed on this route", null),
    WEBSOCKET_NOT_ALLOWED(403, "WebSocket upgrade not allowed on this route", null),
    VALIDATION_FAILED(400, "Request failed validation", null),

    // Authentication (RFC 6750 errors where they apply).
    CREDENTIALS_MISSING(401, "Authentication required", null),
    INVALID_REQUEST(400, "Invalid authentication request", BearerError.INVALID_REQUEST),
    INVALID_TOKEN(401, "Invalid token", BearerError.INVALID_TOKEN),
    // Each token failure has its own code for dashboards; all are RFC 6750 invalid_token.
    TOKEN_MALFORMED(401, "Malformed token", BearerError.INVALID_TOKEN),
    TOKEN_ALGORITHM_REJECTED(401, "Token algorithm not accepted", BearerError.INVALID_TOKEN),
    TOKEN_TYPE_REJECTED(401, "Token type not accepted", BearerError.INVALID_TOKEN),
    TOKEN_KEY_UNKNOWN(401, "Token signed by an unknown key", BearerError.INVALID_TOKEN),
    TOKEN_SIGNATURE_INVALID(401, "Token signature invalid", BearerError.INVALID_TOKEN),
    TOKEN_EXPIRED(401, "Token expired", BearerError.INVALID_TOKEN),
    TOKEN_NOT_YET_VALID(401, "Token not yet valid", BearerError.INVALID_TOKEN),
    TOKEN_TOO_OLD(401, "Token older than this issuer allows", BearerError.INVALID_TOKEN),
    TOKEN_ISSUER_MISMATCH(401, "Token from another issuer", BearerError.INVALID_TOKEN),
    TOKEN_AUDIENCE_MISMATCH(401, "Token for another audience", BearerError.INVALID_TOKEN),
    TOKEN_CLAIMS_INVALID(401, "Token claims invalid", BearerError.INVALID_TOKEN),
    TOKEN_REVOKED(401, "Token revoked", BearerError.INVALID_TOKEN),
    TOKEN_BINDING_MISMATCH(401, "Token not bound to this client", BearerError.INVALID_TOKEN),
    DPOP_PROOF_INVALID(401, "Invalid DPoP proof", null),
    API_KEY_INVALID(401, "Invalid API key", null),
    IDENTITY_PROVIDER_UNAVAILABLE(503, "Identity provider unavailable", null),
    INSUFFICIENT_SCOPE(403, "Insufficient scope", BearerError.INSUFFICIENT_SCOPE),
    STEP_UP_REQUIRED(401, "Stronger or more recent authentication required", BearerError.INSUFFICIENT_USER_AUTHENTICATION),

    // Authorization: least privilege per route.
    ROLE_MISSING(403, "Required role missing", null),
    CLAIM_MISMATCH(403, "Claim not accepted", null),
    WORKLOAD_NOT_ALLOWED(403, "Workload not allowed", null),
    POLICY_DENIED(403, "Denied by policy", null),
    /** The policy failed to evaluate (a missing key, the cost limit): refused, never allowed. */
    POLICY_ERROR(403, "Denied by policy", null),
    /** The request's risk score is above the route's {@code denyAbove}. */
    RISK_TOO_HIGH(403, "Request too risky", null),
    /** The risk score crossed {@code terminateAbove}: the session or token is revoked from now on. */
    SESSION_TERMINATED(401, "Session terminated", BearerError.INVALID_TOKEN),

    // Rate limits and quotas.
    RATE_LIMITED(429, "Too many requests", null),
    QUOTA_EXHAUSTED(429, "Quota exhausted", null),
    AUTH_FAILURES_EXCEEDED(429, "Too many failed authentications", null),
    /** The shared limit store did not answer and {@code limits.onStoreFailure} is {@code deny}. */
    RATE_LIMIT_STORE_UNAVAILABLE(503, "Rate limit store unavailable", null),

    // Upstream and overload.
    UPSTREAM_CONNECT_FAILED(502, "Upstream refused the connection", null),
    UPSTREAM_PROTOCOL_ERROR(502, "Upstream sent an invalid response", null),
    UPSTREAM_TIMEOUT(504, "Upstream timed out", null),
    UPSTREAM_UNAVAILABLE(503, "No healthy upstream target", null),
    CIRCUIT_OPEN(503, "Upstream circuit breaker open", null),
    CLIENT_ABORTED(499, "Client closed the request", null),
    INTERNAL_ERROR(500, "Internal gateway error", null);

    /** RFC 6750 §3.1 error codes. */
    public enum BearerError {
        INVALID_REQUEST("invalid_request"),
        INVALID_TOKEN("invalid_token"),
        INSUFFICIENT_SCOPE("insufficient_scope"),
        /** RFC 9470. */
        INSUFFICIENT_USER_AUTHENTICATION("insufficient_user_authentication");

        public final String code;

        BearerError(String code) {
            this.code = code;
        }
    }

    public final int status;
    public final String title;
    public final BearerError bearerError;
    /** The lower-case code written to responses and logs, e.g. {@code no_route}. */
    public final String code;
    /** RFC 9457 problem type URI. */
    public final String type;

    Reason(int status, String title, BearerError bearerError) {
        this.status = status;
        this.title = title;
        this.bearerError = bearerError;
        this.code = name().toLowerCase(java.util.Locale.ROOT);
        this.type = "https://vigil.dev/problems/" + code.replace('_', '-');
    }
}
