package io.vigil.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.pipeline.Decision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What would change under the candidate: recorded requests whose decision flips (allow → deny,
 * deny → allow), or stays a denial for another reason, grouped by change, route and reason, with
 * a few examples each; plus what the candidate's dry-run controls would refuse. Lines that could
 * not be read are reported with their numbers; requests that cannot be decided again are counted
 * apart, never silently dropped.
 */
public final class ReplayReport {

    public static final String ALLOW_TO_DENY = "allow → deny";
    public static final String DENY_TO_ALLOW = "deny → allow";
    public static final String DENY_REASON = "deny → deny (other reason)";
    public static final String WOULD_DENY = "allow, would deny (dry-run)";

    /** Refused before a route was chosen, from what is not recorded (the raw request, its body size). */
    private static final Set<String> NOT_REPLAYABLE = Set.of("malformed_request", "ambiguous_path", "host_mismatch",
            "uri_too_long", "headers_too_large", "request_timeout", "body_too_large", "websocket_not_allowed",
            "internal_error");
    /** Refused by a limit: what the later stages would have said was never found out. */
    private static final Set<String> LIMITED = Set.of("rate_limited", "quota_exhausted", "auth_failures_exceeded",
            "rate_limit_store_unavailable");
    private static final int EXAMPLES = 3;
    private static final int UNREADABLE_SHOWN = 20;

    private record Group(String change, String route, String reason, String rule) {
    }

    private final Map<Group, List<RecordedRequest>> changes = new LinkedHashMap<>();
    private final Map<Group, Integer> counts = new LinkedHashMap<>();
    private final List<String> unreadable = new ArrayList<>();
    private int unreadableCount;
    private int total;
    private int replayed;
    private int unchanged;
    private int notReplayable;
    private int limited;

    /** Whether the recorded request can be decided again at all; counted either way. */
    public boolean replayable(RecordedRequest recorded) {
        total++;
        if (recorded.path().startsWith("(") || NOT_REPLAYABLE.contains(recorded.reason())) {
            notReplayable++;
            return false;
        }
        if (LIMITED.contains(recorded.reason())) {
            limited++;
            return false;
        }
        return true;
    }

    public void unreadable(int line, String why) {
        total++;
        unreadableCount++;
        if (unreadable.size() < UNREADABLE_SHOWN) {
            unreadable.add("line " + line + ": " + why);
        }
    }

    public void add(RecordedRequest before, Verdict after) {
        replayed++;
        boolean wasAllowed = before.allowedByPipeline();
        String route = after.route() != null ? after.route() : before.route() != null ? before.route() : "(no route)";
        Group group;
        if (wasAllowed && !after.allowed()) {
            group = new Group(ALLOW_TO_DENY, route, after.deny().reason().code, after.deny().rule());
        } else if (!wasAllowed && after.allowed()) {
            group = new Group(DENY_TO_ALLOW, route, before.reason(), before.rule());
        } else if (!wasAllowed && !after.deny().reason().code.equals(before.reason())) {
            group = new Group(DENY_REASON, route, before.reason() + " → " + after.deny().reason().code, after.deny().rule());
        } else {
            unchanged++;
            if (after.allowed() && !after.wouldDeny().isEmpty()) {
                Decision.Deny first = after.wouldDeny().get(0);
                note(new Group(WOULD_DENY, route, first.reason().code, first.rule()), before);
            }
            return;
        }
        note(group, before);
    }

    private void note(Group group, RecordedRequest example) {
        counts.merge(group, 1, Integer::sum);
        List<RecordedRequest> examples = changes.computeIfAbsent(group, g -> new ArrayList<>());
        if (examples.size() < EXAMPLES) {
            examples.add(example);
        }
    }

    /** Requests whose decision changes (dry-run notes aside). */
    public int changed() {
        return counts.entrySet().stream().filter(e -> !e.getKey().change().equals(WOULD_DENY))
                .mapToInt(Map.Entry::getValue).sum();
    }

    private List<Group> ordered() {
        List<Group> groups = new ArrayList<>(counts.keySet());
        groups.sort(Comparator.comparing((Group g) -> g.change().equals(WOULD_DENY))
                .thenComparing(g -> -counts.get(g)).thenComparing(Group::route).thenComparing(Group::reason));
        return groups;
    }

    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%d recorded requests: %d replayed, %d unchanged, %d changed; not replayed: %d refused by"
                + " a limit, %d refused before routing, %d unreadable lines%n", total, replayed, unchanged, changed(), limited,
                notReplayable, unreadableCount));
        if (!counts.isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"CHANGE", "ROUTE", "REASON", "RULE", "COUNT", "EXAMPLE"});
            for (Group g : ordered()) {
                RecordedRequest e = changes.get(g).get(0);
                rows.add(new String[] {g.change(), g.route(), g.reason(), g.rule() == null ? "-" : g.rule(),
                        Integer.toString(counts.get(g)), e.method() + " " + e.path() + " (line " + e.line() + ")"});
            }
            int[] widths = new int[6];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            out.append(System.lineSeparator());
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    out.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
                }
                out.append(System.lineSeparator());
            }
        }
        for (String line : unreadable) {
            out.append("unreadable ").append(line).append(System.lineSeparator());
        }
        if (unreadableCount > unreadable.size()) {
            out.append("… and ").append(unreadableCount - unreadable.size()).append(" more unreadable lines")
                    .append(System.lineSeparator());
        }
        return out.toString();
    }

    public ObjectNode json(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("total", total).put("replayed", replayed).put("unchanged", unchanged).put("changed", changed());
        root.putObject("notReplayed").put("limited", limited).put("beforeRouting", notReplayable)
                .put("unreadable", unreadableCount);
        ArrayNode groups = root.putArray("changes");
        for (Group g : ordered()) {
            ObjectNode node = groups.addObject();
            node.put("change", g.change()).put("route", g.route()).put("reason", g.reason());
            if (g.rule() != null) {
                node.put("rule", g.rule());
            }
            node.put("count", counts.get(g));
            ArrayNode examples = node.putArray("examples");
            for (RecordedRequest e : changes.get(g)) {
                examples.addObject().put("line", e.line()).put("requestId", e.requestId()).put("method", e.method())
                        .put("path", e.path());
            }
        }
        ArrayNode bad = root.putArray("unreadableLines");
        unreadable.forEach(bad::add);
        return root;
    }
}
