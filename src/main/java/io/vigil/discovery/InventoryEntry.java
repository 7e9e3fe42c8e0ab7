package io.vigil.discovery;

import java.util.List;
import java.util.Set;

/**
 * One endpoint of the inventory, observed, declared or both.
 *
 * @param template the observed template, or the spec's when it was never observed
 * @param sources where it is known from: {@code traffic}, {@code logs}, {@code spec}
 * @param lifecycle {@code active}, {@code deprecated} or {@code retired} (the spec's word; active when undeclared)
 * @param stats what was observed (count 0 when never)
 * @param spec the spec file declaring it, if any
 */
public record InventoryEntry(String host, String method, String template, Set<String> sources, String owner,
        String lifecycle, EndpointStats stats, String spec, List<Finding> findings) {

    public boolean has(String classification) {
        return findings.stream().anyMatch(f -> f.classification().equals(classification));
    }
}
