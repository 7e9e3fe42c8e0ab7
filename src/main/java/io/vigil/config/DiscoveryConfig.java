package io.vigil.config;

/**
 * API discovery from live traffic: every proxied request is turned into an endpoint template
 * (off the request path) for the inventory ({@code GET /admin/api/inventory}). Read at start.
 *
 * @param enabled observe traffic
 * @param paramThreshold distinct names at one path position beyond which they become one {@code {param}}
 * @param maxNodes path segments kept at most (memory bound); past it new endpoints are counted, not kept
 * @param sampleEvery besides each route's first three, one in this many JSON request bodies and
 *     successful JSON response bodies is read for field names (and, in responses, sensitive data); 0: none
 * @param sampleBytes larger bodies are not sampled
 */
public record DiscoveryConfig(
        @Default("true") boolean enabled,
        @Default("50") int paramThreshold,
        @Default("100000") int maxNodes,
        @Default("100") int sampleEvery,
        @Default("64KiB") DataSize sampleBytes) {

    public DiscoveryConfig {
        if (paramThreshold < 2) {
            throw new IllegalArgumentException("paramThreshold: " + paramThreshold + " (expected: >= 2)");
        }
        if (sampleEvery < 0) {
            throw new IllegalArgumentException("sampleEvery: " + sampleEvery + " (expected: >= 0; 0 turns sampling off)");
        }
        if (sampleBytes != null && (sampleBytes.bytes() < 1 || sampleBytes.bytes() > (16 << 20))) {
            throw new IllegalArgumentException("sampleBytes: " + sampleBytes + " (expected: 1B..16MiB)");
        }
        if (maxNodes < 100) {
            throw new IllegalArgumentException("maxNodes: " + maxNodes + " (expected: >= 100)");
        }
    }
}
