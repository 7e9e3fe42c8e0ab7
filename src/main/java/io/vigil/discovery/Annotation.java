package io.vigil.discovery;

import java.util.Set;

/**
 * What people decided about one endpoint of the inventory, where the specs and the traffic cannot
 * say: who owns it, its lifecycle, and where its security review stands. Null fields leave the
 * inventory's own view (the spec's owner and lifecycle; {@code unreviewed}).
 *
 * @param host the endpoint's host, or empty for the endpoint on every host
 * @param method upper-case method, as in the inventory; {@code *} is the code scanner's "any method" entry, not a wildcard
 * @param template the inventory's path template ({@code /orders/{id}})
 * @param lifecycle {@code active}, {@code deprecated} or {@code retired}
 * @param review {@code unreviewed}, {@code in_review}, {@code approved} or {@code rejected}
 * @param updatedBy who made the change (free text: the admin API has one shared token)
 * @param updatedAt epoch millis
 */
public record Annotation(String host, String method, String template, String owner, String lifecycle, String review,
        String note, String updatedBy, long updatedAt) {

    public static final Set<String> LIFECYCLES = Set.of("active", "deprecated", "retired");
    public static final Set<String> REVIEWS = Set.of("unreviewed", "in_review", "approved", "rejected");
    static final int MAX_TEXT = 200;
    static final int MAX_NOTE = 2_000;
    static final int MAX_TEMPLATE = 2_048;

    /**
     * Checks every field; the message names the first bad one and what is expected.
     *
     * @throws IllegalArgumentException when a field is out of bounds
     */
    public Annotation {
        // Hosts are kept as the inventory keeps them: lower case, no port.
        host = host == null ? "" : host.toLowerCase(java.util.Locale.ROOT);
        require(host.length() <= 253 && host.matches("\\[[0-9a-f:.]+]|[a-z0-9._-]*"), "host",
                "a host name without port, or empty for every host");
        require(method != null && method.matches("[A-Z]{1,20}|\\*"), "method", "an upper-case HTTP method, or *");
        require(template != null && template.startsWith("/") && template.length() <= MAX_TEMPLATE
                && template.chars().allMatch(c -> c > 0x20 && c < 0x7f), "template",
                "a path template starting with /, in printable ASCII (as the inventory shows it)");
        require(owner == null || (!owner.isBlank() && owner.length() <= MAX_TEXT), "owner", "1 to " + MAX_TEXT + " characters");
        require(lifecycle == null || LIFECYCLES.contains(lifecycle), "lifecycle", "active, deprecated or retired");
        require(review == null || REVIEWS.contains(review), "review", "unreviewed, in_review, approved or rejected");
        require(note == null || note.length() <= MAX_NOTE, "note", "at most " + MAX_NOTE + " characters");
        require(updatedBy == null || (!updatedBy.isBlank() && updatedBy.length() <= MAX_TEXT), "by",
                "1 to " + MAX_TEXT + " characters");
        require(owner != null || lifecycle != null || review != null || note != null, "owner",
                "at least one of owner, lifecycle, review or note");
    }

    private static void require(boolean ok, String field, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(field + ": expected " + expected);
        }
    }

    /** The key the store and lookups use. */
    public String key() {
        return key(host, method, template);
    }

    static String key(String host, String method, String template) {
        return host + ' ' + method + ' ' + template;
    }
}
