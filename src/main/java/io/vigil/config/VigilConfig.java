package io.vigil.config;

import java.util.List;
import java.util.Map;

/**
 * The whole {@code vigil.yaml}. Each record below maps 1:1 to one YAML section.
 *
 * @param dryRun the global switch: every control only records what it would deny
 * @param timeZone the zone of policies' {@code time} and of daily and monthly quotas
 * @param networks named CIDR lists; a client address carries the names of those containing it
 *     ({@code network.tags} in policies)
 * @param policies named CEL policies, referenced by routes' {@code policies:}
 * @param plans named sets of rate limits and quotas for API keys and identities
 * @param cluster shared state between nodes (Redis); absent, limits count per node
 * @param risk contextual risk scoring; absent, every request scores 0
 * @param alerts where alerts are sent (webhooks)
 * @param discovery endpoint discovery from live traffic
 */
public record VigilConfig(
        boolean dryRun,
        @Default("UTC") String timeZone,
        Map<String, List<String>> networks,
        Map<String, PolicyConfig> policies,
        Map<String, PlanConfig> plans,
        LimitsConfig limits,
        @OptionalSection ClusterConfig cluster,
        @OptionalSection RiskConfig risk,
        AlertsConfig alerts,
        DiscoveryConfig discovery,
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
