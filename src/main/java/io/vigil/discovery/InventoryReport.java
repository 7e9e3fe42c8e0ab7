package io.vigil.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The audit: a summary (endpoints per classification) and every finding with what to do, as
 * JSON, Markdown or HTML. The same entries and {@code asOf} always render the same bytes.
 */
public final class InventoryReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InventoryReport() {
    }

    public static Map<String, Long> summary(List<InventoryEntry> entries) {
        Map<String, Long> counts = new TreeMap<>();
        for (String c : Finding.CLASSIFICATIONS) {
            counts.put(c, entries.stream().filter(e -> e.has(c)).count());
        }
        return counts;
    }

    public static ObjectNode json(List<InventoryEntry> entries, Instant asOf) {
        ObjectNode root = JSON.createObjectNode();
        root.put("asOf", asOf.toString()).put("endpoints", entries.size());
        ObjectNode summary = root.putObject("summary");
        summary(entries).forEach(summary::put);
        ArrayNode list = root.putArray("inventory");
        entries.forEach(e -> list.add(entry(e)));
        return root;
    }

    public static ObjectNode entry(InventoryEntry e) {
        ObjectNode node = EndpointJson.of(new EndpointTree.Endpoint(e.host(), e.method(), e.template(), e.stats()));
        node.remove("classifications");
        node.remove("sources");
        new TreeSet<>(e.sources()).forEach(node.putArray("sources")::add);
        node.put("lifecycle", e.lifecycle());
        if (e.owner() != null) {
            node.put("owner", e.owner());
        }
        if (e.spec() != null) {
            node.put("spec", e.spec());
        }
        node.put("review", e.review());
        if (e.annotation() != null) {
            node.set("annotation", annotation(e.annotation()));
        }
        ArrayNode classes = node.putArray("classifications");
        ArrayNode findings = node.putArray("findings");
        java.util.Set<String> named = new java.util.LinkedHashSet<>();
        e.findings().forEach(f -> named.add(f.classification()));
        named.forEach(classes::add);
        e.findings().forEach(f -> {
            findings.addObject().put("classification", f.classification()).put("evidence", f.evidence()).put("action", f.action());
        });
        return node;
    }

    /** One annotation as the admin API shows it. */
    public static ObjectNode annotation(Annotation a) {
        ObjectNode node = JSON.createObjectNode();
        node.put("host", a.host()).put("method", a.method()).put("template", a.template());
        if (a.owner() != null) {
            node.put("owner", a.owner());
        }
        if (a.lifecycle() != null) {
            node.put("lifecycle", a.lifecycle());
        }
        if (a.review() != null) {
            node.put("review", a.review());
        }
        if (a.note() != null) {
            node.put("note", a.note());
        }
        if (a.updatedBy() != null) {
            node.put("by", a.updatedBy());
        }
        node.put("updatedAt", Instant.ofEpochMilli(a.updatedAt()).toString());
        return node;
    }

    public static String markdown(List<InventoryEntry> entries, Instant asOf) {
        StringBuilder out = new StringBuilder("# API inventory audit\n\n");
        out.append("As of ").append(asOf).append(": ").append(entries.size()).append(" endpoints.\n\n");
        out.append("| classification | endpoints |\n|---|---:|\n");
        summary(entries).forEach((c, n) -> out.append("| ").append(c).append(" | ").append(n).append(" |\n"));
        out.append("\n## Findings\n");
        boolean any = false;
        for (InventoryEntry e : entries) {
            if (e.findings().isEmpty()) {
                continue;
            }
            any = true;
            out.append("\n### ").append(e.method()).append(' ').append(md(e.template())).append("\n\n");
            out.append(e.host().isEmpty() ? "Sources: " : "Host: " + md(e.host()) + "; sources: ")
                    .append(String.join(", ", new TreeSet<>(e.sources()))).append("; lifecycle: ").append(e.lifecycle())
                    .append("; owner: ").append(e.owner() == null ? "unknown" : md(e.owner()))
                    .append("; review: ").append(e.review()).append(".\n\n");
            if (e.annotation() != null && e.annotation().note() != null) {
                out.append("Note: ").append(md(e.annotation().note())).append("\n\n");
            }
            for (Finding f : e.findings()) {
                out.append("- **").append(f.classification()).append("**: ").append(md(f.evidence())).append(". ")
                        .append(f.action()).append('\n');
            }
        }
        if (!any) {
            out.append("\nNone.\n");
        }
        out.append("\n## All endpoints\n\n| method | host | template | requests | sources | lifecycle | owner | review | classifications |\n")
                .append("|---|---|---|---:|---|---|---|---|---|\n");
        for (InventoryEntry e : entries) {
            out.append("| ").append(e.method()).append(" | ").append(e.host().isEmpty() ? "-" : md(e.host())).append(" | ")
                    .append(md(e.template())).append(" | ").append(e.stats().count()).append(" | ")
                    .append(String.join(", ", new TreeSet<>(e.sources()))).append(" | ").append(e.lifecycle()).append(" | ")
                    .append(e.owner() == null ? "-" : md(e.owner())).append(" | ").append(e.review()).append(" | ")
                    .append(String.join(", ", e.findings().stream().map(Finding::classification).distinct().toList())).append(" |\n");
        }
        return out.toString();
    }

    public static String html(List<InventoryEntry> entries, Instant asOf) {
        StringBuilder out = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>API inventory audit</title><style>body{font-family:sans-serif;margin:2em}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
                + ".shadow,.zombie,.unauthenticated{color:#a00}</style></head><body>\n");
        out.append("<h1>API inventory audit</h1>\n<p>As of ").append(h(asOf.toString())).append(": ").append(entries.size())
                .append(" endpoints.</p>\n<table><tr><th>classification</th><th>endpoints</th></tr>\n");
        summary(entries).forEach((c, n) -> out.append("<tr><td>").append(c).append("</td><td>").append(n).append("</td></tr>\n"));
        out.append("</table>\n<h2>Endpoints</h2>\n<table><tr><th>method</th><th>host</th><th>template</th><th>requests</th>"
                + "<th>sources</th><th>lifecycle</th><th>owner</th><th>review</th><th>findings</th></tr>\n");
        for (InventoryEntry e : entries) {
            out.append("<tr><td>").append(h(e.method())).append("</td><td>").append(h(e.host())).append("</td><td>")
                    .append(h(e.template())).append("</td><td>").append(e.stats().count()).append("</td><td>")
                    .append(h(String.join(", ", new TreeSet<>(e.sources())))).append("</td><td>").append(h(e.lifecycle()))
                    .append("</td><td>").append(h(e.owner() == null ? "" : e.owner())).append("</td><td>").append(h(e.review()))
                    .append("</td><td>");
            for (Finding f : e.findings()) {
                out.append("<p><b class=\"").append(f.classification()).append("\">").append(f.classification()).append("</b>: ")
                        .append(h(f.evidence())).append(". ").append(h(f.action())).append("</p>");
            }
            out.append("</td></tr>\n");
        }
        return out.append("</table>\n</body></html>\n").toString();
    }

    /** Pipes and backticks would break a Markdown table or span. */
    private static String md(String s) {
        return s.replace("|", "\\|").replace("`", "'").replace("\n", " ");
    }

    private static String h(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
