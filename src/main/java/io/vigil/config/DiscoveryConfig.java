package io.vigil.config;

/**
 * API discovery from live traffic: every proxied request is turned into an endpoint template
 * (off the request path) for the inventory ({@code GET /admin/api/inventory}). Read at start.
 *
 * @param enabled observe traffic
 * @param paramThreshold distinct names at one path position beyond which they become one {@code {param}}
 * @param maxNodes path segments kept at most (memory bound); past it new endpoints are counted, not kept
 */
public record DiscoveryConfig(
        @Default("true") boolean enabled,
        @Default("50") int paramThreshold,
        @Default("100000") int maxNodes) {

    public DiscoveryConfig {
        if (paramThreshold < 2) {
            throw new IllegalArgumentException("paramThreshold: " + paramThreshold + " (expected: >= 2)");
        }
        if (maxNodes < 100) {
            throw new IllegalArgumentException("maxNodes: " + maxNodes + " (expected: >= 100)");
        }
    }
}
