package io.vigil.discovery;

import java.util.List;
import java.util.Set;

/**
 * One endpoint of the inventory, observed, declared or both.
 *
 * @param template the observed template, or the spec's when it was never observed
 * @param sources where it is known from: {@code traffic}, {@code logs}, {@code spec}, {@code code}
 * @param owner from an annotation, else the spec's ({@code x-owner} or the import's), else null
 * @param lifecycle {@code active}, {@code deprecated} or {@code retired}: an annotation's, else the spec's word;
 *     active when undeclared
 * @param stats what was observed (count 0 when never)
 * @param spec the spec file declaring it, if any
 * @param review the security review: {@code unreviewed} unless an annotation says otherwise
 * @param annotation what people set on it ({@link Annotation}), or null
 */
public record InventoryEntry(String host, String method, String template, Set<String> sources, String owner,
        String lifecycle, EndpointStats stats, String spec, List<Finding> findings, String review, Annotation annotation) {

    /** As the classifier sees it, before any annotation. */
    public InventoryEntry(String host, String method, String template, Set<String> sources, String owner, String lifecycle,
            EndpointStats stats, String spec, List<Finding> findings) {
        this(host, method, template, sources, owner, lifecycle, stats, spec, findings, "unreviewed", null);
    }

    public boolean has(String classification) {
        return findings.stream().anyMatch(f -> f.classification().equals(classification));
    }
}
