package io.vigil.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The endpoints observed so far, as a tree of path segments per host. Concrete paths become
 * templates two ways: a segment that looks like a value ({@link SegmentPatterns}) is a named
 * placeholder at once; and when one position has more than {@code maxLiterals} distinct names
 * (user names, SKUs, slugs), they are merged into one {@code {param}} and their statistics with
 * them. Bounded: past {@code maxNodes} new endpoints are counted, not kept.
 * Thread-safe (one lock: a writer thread and the occasional admin read).
 */
public final class EndpointTree {

    public static final String PARAM = "{param}";
    private static final int MAX_SEGMENTS = 32;

    /** One endpoint for listing: its place and what was seen of it. */
    public record Endpoint(String host, String method, String template, EndpointStats stats) {
    }

    private static final class Node {
        final Map<String, Node> children = new TreeMap<>();
        final Map<String, Recorded> methods = new TreeMap<>();
        int literals;
    }

    /** All that was seen of an endpoint, and what of it is not yet in the store. */
    private static final class Recorded {
        final EndpointStats total = new EndpointStats();
        EndpointStats pending = new EndpointStats();

        void merge(Recorded other) {
            total.merge(other.total);
            pending.merge(other.pending);
        }
    }

    private final int maxLiterals;
    private final int maxNodes;
    private final Map<String, Node> hosts = new TreeMap<>();
    private int nodes;
    private long dropped;
    /**
     * Host → concrete path → the node it landed on, for the paths seen lately: most traffic
     * repeats a few paths, and walking the tree (a substring, a pattern test and a lookup per
     * segment) cost more than the rest of an observation. Emptied when merging moves nodes,
     * and when it reaches {@link #RECENT_PATHS}.
     */
    private final java.util.HashMap<String, java.util.HashMap<String, Node>> recent = new java.util.HashMap<>();
    private int recentSize;
    private static final int RECENT_PATHS = 8_192;
    /** Longer paths are walked every time: the memory the cache may hold stays small (≤ 2 MiB of paths). */
    private static final int RECENT_MAX_LENGTH = 256;

    public EndpointTree(int maxLiterals, int maxNodes) {
        this.maxLiterals = maxLiterals;
        this.maxNodes = maxNodes;
    }

    public synchronized void observe(Observation o) {
        Node node = walk(o.host(), o.path());
        if (node == null) {
            dropped++;
            return;
        }
        Recorded r = node.methods.computeIfAbsent(method(o.method()), m -> new Recorded());
        r.total.observe(o);
        r.pending.observe(o);
    }

    /** A request body recorded elsewhere (a HAR file): its field names (sensitive data in requests is expected, not judged). */
    public void observeRequestBody(String host, String method, String path, byte[] body) {
        observeRequestBody(host, method, path, BodyShape.of(body).fields());
    }

    /** A response body recorded elsewhere (a HAR file): its fields and sensitive data. */
    public void observeBody(String host, String method, String path, byte[] body) {
        observeBody(host, method, path, BodyShape.of(body));
    }

    /** What a sampled response body of a request to this endpoint showed (fields, sensitive data). */
    public synchronized void observeBody(String host, String method, String path, BodyShape shape) {
        Node node = walk(host, path);
        if (node == null) {
            return;
        }
        Recorded r = node.methods.computeIfAbsent(method(method), m -> new Recorded());
        r.total.observe(shape);
        r.pending.observe(shape);
    }

    /** The field paths a sampled request body of this endpoint held. */
    public synchronized void observeRequestBody(String host, String method, String path, java.util.Set<String> fields) {
        Node node = walk(host, path);
        if (node == null) {
            return;
        }
        Recorded r = node.methods.computeIfAbsent(method(method), m -> new Recorded());
        r.total.observeRequest(fields);
        r.pending.observeRequest(fields);
    }

    /** Adds what the store holds (every node's observations) to the totals; not written back. */
    synchronized void restore(String host, String method, String template, EndpointStats stats) {
        Node node = walk(host, template);
        if (node != null) {
            node.methods.computeIfAbsent(method, m -> new Recorded()).total.merge(stats);
        }
    }

    /** The endpoints observed since the last call, with only what is new about them; forgotten here once returned. */
    synchronized List<Endpoint> takePending() {
        List<Endpoint> out = new ArrayList<>();
        hosts.forEach((host, root) -> pending(host, root, "", out));
        return out;
    }

    private void pending(String host, Node node, String prefix, List<Endpoint> out) {
        node.methods.forEach((method, r) -> {
            if (r.pending.count() > 0) {
                out.add(new Endpoint(host, method, prefix.isEmpty() ? "/" : prefix, r.pending));
                r.pending = new EndpointStats();
            }
        });
        node.children.forEach((key, child) -> pending(host, child, prefix + "/" + key, out));
    }

    /** Puts back what could not be written, to try again next time. */
    synchronized void unTake(List<Endpoint> endpoints) {
        for (Endpoint e : endpoints) {
            Node node = walk(e.host(), e.template());
            if (node != null) {
                node.methods.computeIfAbsent(e.method(), m -> new Recorded()).pending.merge(e.stats());
            }
        }
    }

    /** The node of a path (creating it), or null when the tree is full. */
    private Node walk(String hostName, String path) {
        String host = host(hostName);
        if (path == null || path.length() > RECENT_MAX_LENGTH) {
            return walkTree(host, path);
        }
        java.util.HashMap<String, Node> paths = recent.get(host);
        Node known = paths == null ? null : paths.get(path);
        if (known != null) {
            return known;
        }
        Node node = walkTree(host, path);
        if (node != null) {
            if (recentSize >= RECENT_PATHS) {
                forgetRecent();
            }
            recent.computeIfAbsent(host, h -> new java.util.HashMap<>()).put(path, node);
            recentSize++;
        }
        return node;
    }

    private void forgetRecent() {
        recent.clear();
        recentSize = 0;
    }

    private Node walkTree(String hostName, String path) {
        Node node = hosts.get(host(hostName));
        if (node == null) {
            if (nodes >= maxNodes) {
                return null;
            }
            node = new Node();
            hosts.put(host(hostName), node);
            nodes++;
        }
        int depth = 0;
        int start = 1;
        while (path != null && start <= path.length() && depth < MAX_SEGMENTS) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (end > start) {
                node = child(node, path.substring(start, end));
                if (node == null) {
                    return null;
                }
                depth++;
            }
            start = end + 1;
        }
        return node;
    }

    private Node child(Node node, String segment) {
        // A template read back from the store names its placeholders already.
        String placeholder = isLiteral(segment) ? SegmentPatterns.placeholder(segment) : segment;
        String key = placeholder != null ? placeholder : segment;
        if (placeholder == null && !node.children.containsKey(key)) {
            if (node.children.containsKey(PARAM) || node.literals >= maxLiterals) {
                collapse(node);
                key = PARAM;
            }
        }
        Node next = node.children.get(key);
        if (next == null) {
            if (nodes >= maxNodes) {
                return null;
            }
            next = new Node();
            node.children.put(key, next);
            nodes++;
            if (isLiteral(key)) {
                node.literals++;
            }
        }
        return next;
    }

    /** Merges every literal child of {@code node} into its {@code {param}} child. */
    private void collapse(Node node) {
        if (node.literals == 0) {
            return;
        }
        // Paths that landed on the merged nodes land elsewhere now.
        forgetRecent();
        Node param = node.children.get(PARAM);
        if (param == null) {
            param = new Node();
            node.children.put(PARAM, param);
            nodes++;
        }
        List<String> names = new ArrayList<>();
        for (String key : node.children.keySet()) {
            if (isLiteral(key)) {
                names.add(key);
            }
        }
        for (String name : names) {
            merge(param, node.children.remove(name));
        }
        node.literals = 0;
    }

    private void merge(Node into, Node from) {
        nodes--;
        from.methods.forEach((method, r) -> into.methods.computeIfAbsent(method, m -> new Recorded()).merge(r));
        from.children.forEach((key, child) -> {
            Node existing = into.children.get(key);
            if (existing == null) {
                into.children.put(key, child);
                if (isLiteral(key)) {
                    into.literals++;
                }
            } else {
                merge(existing, child);
            }
        });
        if (into.literals > maxLiterals) {
            collapse(into);
        }
    }

    private static final java.util.Set<String> METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH",
            "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "REPORT", "SEARCH");

    /** Any method token is legal HTTP: the unusual ones share one entry, so made-up methods cannot grow the tree. */
    static String method(String method) {
        return method == null ? "?" : METHODS.contains(method) ? method : "OTHER";
    }

    private static boolean isLiteral(String key) {
        return !(key.startsWith("{") && key.endsWith("}"));
    }

    private static String host(String host) {
        return host == null ? "" : host;
    }

    /** Every endpoint, sorted by host, template and method. Copies: safe to use after the lock is released. */
    public synchronized List<Endpoint> endpoints() {
        List<Endpoint> out = new ArrayList<>();
        hosts.forEach((host, root) -> walk(host, root, "", out));
        return out;
    }

    private void walk(String host, Node node, String prefix, List<Endpoint> out) {
        String template = prefix.isEmpty() ? "/" : prefix;
        node.methods.forEach((method, r) -> {
            EndpointStats copy = new EndpointStats();
            copy.merge(r.total);
            out.add(new Endpoint(host, method, template, copy));
        });
        node.children.forEach((key, child) -> walk(host, child, prefix + "/" + key, out));
    }

    public synchronized int size() {
        return nodes;
    }

    /** Requests not recorded because the tree was full. */
    public synchronized long dropped() {
        return dropped;
    }
}
