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
        DataSize maxBodySize,
        boolean websocket,
        boolean mergeSlashes,
        boolean caseInsensitive,
        boolean apiKeyInQuery) {
}
