package io.vigil.config;

import java.util.List;
import java.util.Map;

/** The whole {@code vigil.yaml}. Each record below maps 1:1 to one YAML section. */
public record VigilConfig(
        ServerConfig server,
        AdminConfig admin,
        StoreConfig store,
        DecisionLogConfig decisionLog,
        Map<String, IdentityProviderConfig> identityProviders,
        @OptionalSection DevIssuerConfig devIssuer,
        @OptionalSection ApiKeysConfig apiKeys,
        Map<String, UpstreamConfig> upstreams,
        List<RouteConfig> routes) {
}
