package io.vigil.config;

import io.vigil.pipeline.Mode;
import java.util.List;
import java.util.Map;

/**
 * One route. {@code auth} is required: {@code [none]} is the only way to make a route public.
 *
 * @param host exact host or {@code *.example.com}; absent for any host
 * @param methods absent for any method
 * @param path template: {@code /orders/{id}}, {@code /files/{rest*}}
 * @param auth accepted authentication methods, tried in order: {@code none}, {@code jwt:NAME}
 * @param scopes every one of these must be granted to the caller (403 insufficient_scope)
 * @param anyScopes at least one of these must be granted
 * @param roles every one of these roles must be held
 * @param claims claim path → accepted values; every listed claim must match one
 * @param allowWorkloads SPIFFE ID patterns of the workloads that may call (microsegmentation)
 * @param policy CEL expressions written on the route; each must be true
 * @param policies names of top-level policies; each must be true
 * @param rateLimits limits on this route, each with its own key and bucket
 * @param quotas daily or monthly quotas on this route
 * @param risk this route's risk thresholds, overriding the {@code risk:} section's
 * @param mode {@code enforce}, or {@code dryRun}: every control of the route only records what it
 *     would deny (a control with its own mode keeps it)
 * @param stepUp require a strong and recent login (RFC 9470), else 401 insufficient_user_authentication
 * @param apiKeyInQuery accept an API key in the query string (for clients that cannot set headers);
 *     it is never written to any log
 * @param maxBodySize overrides {@code server.limits.maxBodySize} for this route
 * @param spec the API's OpenAPI 3.x or Swagger 2.0 file: what the route is meant to serve
 *     (the inventory's declared endpoints)
 * @param undocumented with a spec: {@code deny} refuses operations the spec does not declare
 *     (404 {@code undocumented_endpoint}); {@code log} only records that it would
 */
public record RouteConfig(
        @Required String id,
        String host,
        List<String> methods,
        @Required String path,
        @Required String upstream,
        @Required List<String> auth,
        List<String> scopes,
        List<String> anyScopes,
        List<String> roles,
        Map<String, List<String>> claims,
        List<String> allowWorkloads,
        List<String> policy,
        List<String> policies,
        List<RateLimitConfig> rateLimits,
        List<QuotaConfig> quotas,
        @OptionalSection RouteRiskConfig risk,
        @Default("enforce") Mode mode,
        @OptionalSection StepUpConfig stepUp,
        DataSize maxBodySize,
        boolean websocket,
        boolean mergeSlashes,
        boolean caseInsensitive,
        boolean apiKeyInQuery,
        String spec,
        Undocumented undocumented) {

    public enum Undocumented { DENY, LOG }

    /**
     * @param acrValues the token's {@code acr} must be one of these
     * @param maxAge the login ({@code auth_time}) must be at most this old
     */
    /** Absent values are the {@code risk:} section's. */
    public record RouteRiskConfig(Integer stepUpAbove, Integer denyAbove, Integer terminateAbove) {
    }

    public record StepUpConfig(List<String> acrValues, java.time.Duration maxAge) {
    }
}
