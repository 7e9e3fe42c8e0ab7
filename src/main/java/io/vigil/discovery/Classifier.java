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
 * <li><b>shadow</b>: observed or in code, in no spec;
 * <li><b>zombie</b>: deprecated or retired in its spec, still receiving traffic (or retired, still in code);
 * <li><b>unused</b>: in a spec, no traffic for {@code unusedAfter};
 * <li><b>unauthenticated</b>: served to callers without credentials;
 * <li><b>sensitive</b>: sampled responses carry personal data, card numbers or secrets;
 * <li><b>drift</b>: a method, status code, response field or request body field the spec does not declare.
 * </ul>
 * A route's spec judges the traffic that route served; specs imported without a route judge
 * everything. Deterministic: the same data and the same {@code asOf} give the same result.
 */
public final class Classifier {

    private final Map<String, SpecIndex> byRoute;
    private final SpecIndex imported;
    private final Duration unusedAfter;

    /** @param byRoute route id → its spec; @param imported specs not tied to a route */
    /** method, template → the id of the route that would serve it, or null; ties endpoints found only in code to a route. */
    private final java.util.function.BiFunction<String, String, String> routeServing;

    public Classifier(Map<String, SpecIndex> byRoute, SpecIndex imported, Duration unusedAfter) {
        this(byRoute, imported, unusedAfter, (method, template) -> null);
    }

    public Classifier(Map<String, SpecIndex> byRoute, SpecIndex imported, Duration unusedAfter,
            java.util.function.BiFunction<String, String, String> routeServing) {
        this.byRoute = Map.copyOf(byRoute);
        this.imported = imported;
        this.unusedAfter = unusedAfter;
        this.routeServing = routeServing;
    }

    public List<InventoryEntry> classify(List<EndpointTree.Endpoint> observed, Instant asOf) {
        return classify(observed, List.of(), asOf);
    }

    /** @param code endpoints found in source code ({@code vigil discover code}) */
    public List<InventoryEntry> classify(List<EndpointTree.Endpoint> observed, List<io.vigil.discovery.code.CodeEndpoint> code,
            Instant asOf) {
        long recent = asOf.toEpochMilli() - unusedAfter.toMillis();
        Set<DeclaredEndpoint> used = new HashSet<>();
        List<InventoryEntry> out = new ArrayList<>();
        // Code endpoints as an index of their own: the same matching as specs (parameters match anything).
        List<DeclaredEndpoint> inCode = new ArrayList<>();
        for (io.vigil.discovery.code.CodeEndpoint c : code) {
            inCode.add(new DeclaredEndpoint(c.file() + ":" + c.line(), c.method(), c.template(), false, false, false, null, Set.of(),
                    c.language() + "/" + c.framework(), null, null));
        }
        SpecIndex codeIndex = SpecIndex.of(inCode);
        Set<DeclaredEndpoint> codeSeen = new HashSet<>();
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
            DeclaredEndpoint source = codeIndex.find(e.method(), e.template());
            if (source == null) {
                source = codeIndex.find("*", e.template());
            }
            if (source != null) {
                codeSeen.add(source);
            }
            out.add(judge(e, declared, samePath, source));
        }
        for (DeclaredEndpoint c : inCode) {
            if (!codeSeen.contains(c)) {
                out.add(codeOnly(c));
            }
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

    /** An endpoint found in code and never observed: judged against every spec. */
    private InventoryEntry codeOnly(DeclaredEndpoint c) {
        DeclaredEndpoint declared = null;
        List<DeclaredEndpoint> samePath = new ArrayList<>();
        for (SpecIndex spec : allSpecs()) {
            if (declared == null) {
                declared = c.method().equals("*") ? first(spec.onPath(c.template())) : spec.find(c.method(), c.template());
            }
            samePath.addAll(spec.onPath(c.template()));
        }
        List<Finding> findings = new ArrayList<>();
        String where = "in code at " + c.spec() + " (" + c.operationId() + ")";
        if (declared == null && samePath.isEmpty()) {
            findings.add(new Finding("shadow", where + ", not in any spec",
                    "Document it in the API's spec, or delete the code; `undocumented: deny` on its route refuses it meanwhile."));
        } else if (declared == null) {
            findings.add(new Finding("drift", where + ": " + c.method() + " is not in the spec for this path",
                    "Add the method to the spec, or remove it from the code."));
        } else if (declared.retired()) {
            findings.add(new Finding("zombie", "retired in " + declared.spec() + " but still " + where,
                    "Delete the code, or bring it back into the spec."));
        }
        Set<String> sources = new TreeSet<>(Set.of("code"));
        if (declared != null) {
            sources.add("spec");
        }
        // Never called, but the gateway already has a route that would serve it.
        EndpointStats stats = new EndpointStats();
        String route = routeServing.apply(c.method().equals("*") ? "GET" : c.method(), c.template());
        if (route != null) {
            stats.routes.add(route);
        }
        return new InventoryEntry("", c.method(), c.template(), Set.copyOf(sources), declared == null ? null : declared.owner(),
                declared == null ? "active" : lifecycle(declared), stats, declared == null ? null : declared.spec(),
                List.copyOf(findings));
    }

    /** {@code a, b, c, d, e and 3 more}. */
    private static String firstFive(List<String> fields) {
        return String.join(", ", fields.subList(0, Math.min(5, fields.size())))
                + (fields.size() > 5 ? " and " + (fields.size() - 5) + " more" : "");
    }

    private static DeclaredEndpoint first(List<DeclaredEndpoint> list) {
        return list.isEmpty() ? null : list.get(0);
    }

    private List<SpecIndex> allSpecs() {
        List<SpecIndex> out = new ArrayList<>(new java.util.TreeMap<>(byRoute).values());
        out.add(imported);
        return out;
    }

    private InventoryEntry judge(EndpointTree.Endpoint e, DeclaredEndpoint declared, List<DeclaredEndpoint> samePath,
            DeclaredEndpoint code) {
        EndpointStats s = e.stats();
        List<Finding> findings = new ArrayList<>();
        String seen = s.count() + " requests, last " + Instant.ofEpochMilli(s.lastSeen())
                + (code == null ? "" : "; in code at " + code.spec());
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
            List<String> fields = declared.undeclaredFields(s.responseFields());
            if (!fields.isEmpty()) {
                findings.add(new Finding("drift", "response fields " + firstFive(fields) + " not in the response schema of " + declared.spec(),
                        "Declare the fields in the spec, or stop the upstream from sending them (they may be leaking data)."));
            }
            List<String> requestFields = declared.undeclaredRequestFields(s.requestFields());
            if (!requestFields.isEmpty()) {
                findings.add(new Finding("drift", "request fields " + firstFive(requestFields) + " not in the request schema of "
                        + declared.spec(), "Declare the fields in the spec if the upstream accepts them; otherwise callers send "
                        + "what nobody reviewed (mass assignment): have the upstream reject unknown fields."));
            }
        }
        if (!s.sensitive().isEmpty()) {
            StringBuilder what = new StringBuilder();
            new java.util.TreeMap<>(s.sensitive()).forEach((kind, field) -> what.append(what.length() == 0 ? "" : "; ")
                    .append(kind).append(" in ").append(field));
            findings.add(new Finding("sensitive", what + " (in " + s.sampled() + " sampled responses)",
                    "Check that its callers need these fields: mask or drop them, and keep the route authenticated and least-privileged."));
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
        if (code != null) {
            sources.add("code");
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
