package io.vigil.config;

import java.util.List;

/**
 * One route. {@code auth} is required: {@code [none]} is the only way to make a route public.
 *
 * @param host exact host or {@code *.example.com}; absent for any host
 * @param methods absent for any method
 * @param path template: {@code /orders/{id}}, {@code /files/{rest*}}
 * @param auth accepted authentication methods, tried in order: {@code none}, {@code jwt:NAME}
 * @param scopes every one of these must be granted to the caller (403 insufficient_scope)
 * @param stepUp require a strong and recent login (RFC 9470), else 401 insufficient_user_authentication
 * @param apiKeyInQuery accept an API key in the query string (for clients that cannot set headers);
 *     it is never written to any log
 * @param maxBodySize overrides {@code server.limits.maxBodySize} for this route
 */
public record RouteConfig(
        @Required String id,
        String host,
        List<String> methods,
        @Required String path,
        @Required String upstream,
        @Required List<String> auth,
        List<String> scopes,
        @OptionalSection StepUpConfig stepUp,
        DataSize maxBodySize,
        boolean websocket,
        boolean mergeSlashes,
        boolean caseInsensitive,
        boolean apiKeyInQuery) {

    /**
     * @param acrValues the token's {@code acr} must be one of these
     * @param maxAge the login ({@code auth_time}) must be at most this old
     */
    public record StepUpConfig(List<String> acrValues, java.time.Duration maxAge) {
    }
}
