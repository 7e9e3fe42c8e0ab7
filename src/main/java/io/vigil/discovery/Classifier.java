package io.vigil.discovery;

import io.vigil.discovery.spec.DeclaredEndpoint;
import io.vigil.discovery.spec.SpecIndex;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Joins what was observed with what the specs declare and judges each endpoint:
 * <ul>
 * <li><b>shadow</b>: observed, in no spec;
 * <li><b>zombie</b>: deprecated or retired in its spec, still receiving traffic;
 * <li><b>unused</b>: in a spec, no traffic for {@code unusedAfter};
 * <li><b>unauthenticated</b>: served to callers without credentials;
 * <li><b>drift</b>: a method or status code the spec does not declare.
 * </ul>
 * A route's spec judges the traffic that route served; specs imported without a route judge
 * everything. Deterministic: the same data and the same {@code asOf} give the same result.
 */
public final class Classifier {

    private final Map<String, SpecIndex> byRoute;
    private final SpecIndex imported;
    private final Duration unusedAfter;

    /** @param byRoute route id → its spec; @param imported specs not tied to a route */
    public Classifier(Map<String, SpecIndex> byRoute, SpecIndex imported, Duration unusedAfter) {
        this.byRoute = Map.copyOf(byRoute);
        this.imported = imported;
        this.unusedAfter = unusedAfter;
    }

    public List<InventoryEntry> classify(List<EndpointTree.Endpoint> observed, Instant asOf) {
        long recent = asOf.toEpochMilli() - unusedAfter.toMillis();
        Set<DeclaredEndpoint> used = new HashSet<>();
        List<InventoryEntry> out = new ArrayList<>();
        for (EndpointTree.Endpoint e : observed) {
            List<SpecIndex> specs = specsFor(e.stats());
            DeclaredEndpoint declared = null;
            List<DeclaredEndpoint> samePath = new ArrayList<>();
            for (SpecIndex spec : specs) {
                if (declared == null) {
                    declared = spec.find(e.method(), e.template());
                }
                samePath.addAll(spec.onPath(e.template()));
            }
            if (declared != null && e.stats().lastSeen() >= recent) {
                used.add(declared);
            }
            out.add(judge(e, declared, samePath));
        }
        for (DeclaredEndpoint d : allDeclared()) {
            if (!used.contains(d)) {
                out.add(new InventoryEntry("", d.method(), d.template(), Set.of("spec"), d.owner(), lifecycle(d),
                        new EndpointStats(), d.spec(), List.of(new Finding("unused",
                        "in " + d.spec() + ", no traffic since " + asOf.minus(unusedAfter),
                        "Confirm nobody needs it, then remove it from the spec and the upstream (or mark it deprecated)."))));
            }
        }
        out.sort(Comparator.comparing(InventoryEntry::host).thenComparing(InventoryEntry::template)
                .thenComparing(InventoryEntry::method).thenComparing(entry -> String.join(",", entry.sources())));
        return out;
    }

    private InventoryEntry judge(EndpointTree.Endpoint e, DeclaredEndpoint declared, List<DeclaredEndpoint> samePath) {
        EndpointStats s = e.stats();
        List<Finding> findings = new ArrayList<>();
        String seen = s.count() + " requests, last " + Instant.ofEpochMilli(s.lastSeen());
        if (declared == null && samePath.isEmpty()) {
            findings.add(new Finding("shadow", "not in any spec; " + seen + " (" + String.join(", ", s.sources()) + ")",
                    "Document it in the API's spec, or retire it; meanwhile `undocumented: deny` on its route refuses it."));
        } else if (declared == null) {
            Set<String> methods = new TreeSet<>();
            samePath.forEach(d -> methods.add(d.method()));
            findings.add(new Finding("drift", e.method() + " is not in the spec, which declares " + String.join(", ", methods)
                    + " on this path; " + seen, "Add the method to the spec, or stop serving it."));
        } else {
            if (declared.retired() || declared.deprecated()) {
                findings.add(new Finding("zombie", (declared.retired() ? "retired" : "deprecated") + " in " + declared.spec()
                        + " but still receiving traffic: " + seen,
                        "Find its callers in the decision log, move them off, then remove it (or refuse it with `undocumented: deny`)."));
            }
            Set<String> undeclared = new TreeSet<>();
            s.statuses().keySet().forEach(status -> {
                if (!declared.declares(status)) {
                    undeclared.add(String.valueOf(status));
                }
            });
            if (!undeclared.isEmpty()) {
                findings.add(new Finding("drift", "status " + String.join(", ", undeclared) + " not declared in " + declared.spec(),
                        "Declare the responses in the spec, or fix the upstream."));
            }
        }
        if (EndpointJson.unauthenticated(s)) {
            boolean specSaysSecured = declared != null && declared.secured();
            findings.add(new Finding("unauthenticated", "served to callers without credentials"
                    + (specSaysSecured ? ", though " + declared.spec() + " requires security" : ""),
                    "Require authentication on its route (auth: [jwt:..., apikey]) unless it is meant to be public."));
        }
        Set<String> sources = new TreeSet<>(s.sources());
        if (declared != null) {
            sources.add("spec");
        }
        return new InventoryEntry(e.host(), e.method(), e.template(), Set.copyOf(sources), declared == null ? null : declared.owner(),
                declared == null ? "active" : lifecycle(declared), s, declared == null ? null : declared.spec(), List.copyOf(findings));
    }

    private List<SpecIndex> specsFor(EndpointStats s) {
        List<SpecIndex> out = new ArrayList<>();
        if (s.routes().isEmpty()) {
            out.addAll(byRoute.values());
        } else {
            for (String route : new TreeSet<>(s.routes())) {
                SpecIndex spec = byRoute.get(route);
                if (spec != null) {
                    out.add(spec);
                }
            }
        }
        out.add(imported);
        return out;
    }

    /** Every declared operation once, even when routes share a spec file. */
    private List<DeclaredEndpoint> allDeclared() {
        Set<DeclaredEndpoint> out = new java.util.LinkedHashSet<>();
        new java.util.TreeMap<>(byRoute).values().forEach(spec -> out.addAll(spec.all()));
        out.addAll(imported.all());
        return List.copyOf(out);
    }

    private static String lifecycle(DeclaredEndpoint d) {
        return d.retired() ? "retired" : d.deprecated() ? "deprecated" : "active";
    }
}
