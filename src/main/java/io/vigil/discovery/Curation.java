package io.vigil.discovery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies what people decided ({@link Annotation}s) to the classifier's view: the owner, the
 * lifecycle and the security review. A lifecycle set here outranks the spec's, so the zombie and
 * unused judgements follow it: an endpoint marked retired that still gets traffic (or is still in
 * code) is a zombie, and a retired one nobody calls is as it should be. An annotation for one host
 * wins over one for every host.
 */
public final class Curation {

    private Curation() {
    }

    public static List<InventoryEntry> apply(List<InventoryEntry> entries, List<Annotation> annotations, Instant asOf,
            Duration unusedAfter) {
        if (annotations.isEmpty()) {
            return entries;
        }
        Map<String, Annotation> byKey = new HashMap<>();
        annotations.forEach(a -> byKey.put(a.key(), a));
        long recent = asOf.toEpochMilli() - unusedAfter.toMillis();
        List<InventoryEntry> out = new ArrayList<>(entries.size());
        for (InventoryEntry e : entries) {
            Annotation a = byKey.get(Annotation.key(e.host(), e.method(), e.template()));
            if (a == null && !e.host().isEmpty()) {
                a = byKey.get(Annotation.key("", e.method(), e.template()));
            }
            out.add(a == null ? e : annotated(e, a, recent));
        }
        return out;
    }

    private static InventoryEntry annotated(InventoryEntry e, Annotation a, long recent) {
        List<Finding> findings = e.findings();
        String lifecycle = e.lifecycle();
        if (a.lifecycle() != null) {
            lifecycle = a.lifecycle();
            findings = new ArrayList<>();
            for (Finding f : e.findings()) {
                boolean spec = f.classification().equals("zombie")
                        || (f.classification().equals("unused") && !lifecycle.equals("active"));
                if (!spec) {
                    findings.add(f);
                }
            }
            String by = "marked " + lifecycle + " in the inventory" + (a.updatedBy() == null ? "" : " by " + a.updatedBy())
                    + " on " + Instant.ofEpochMilli(a.updatedAt());
            boolean calledLately = e.stats().count() > 0 && e.stats().lastSeen() >= recent;
            if (!lifecycle.equals("active") && calledLately) {
                findings.add(new Finding("zombie", by + " but still receiving traffic: " + e.stats().count()
                        + " requests, last " + Instant.ofEpochMilli(e.stats().lastSeen()),
                        "Find its callers in the decision log, move them off, then remove it (or refuse it with `undocumented: deny`)."));
            } else if (lifecycle.equals("retired") && e.sources().contains("code")) {
                findings.add(new Finding("zombie", by + " but still in code", "Delete the code, or bring it back into service."));
            }
            findings = List.copyOf(findings);
        }
        return new InventoryEntry(e.host(), e.method(), e.template(), e.sources(), a.owner() != null ? a.owner() : e.owner(),
                lifecycle, e.stats(), e.spec(), findings, a.review() != null ? a.review() : e.review(), a);
    }
}
