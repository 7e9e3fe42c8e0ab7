package io.vigil.route;

import io.vigil.server.NormalizedPath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The immutable route table. Routes are compiled into one segment trie per host pattern; a lookup
 * walks the most specific host first, and within a host prefers, segment by segment from the
 * left, a literal over a parameter over a catch-all, backtracking when the method does not fit.
 * Two routes that would match exactly the same requests are rejected when the table is built.
 */
public final class RouteTable {

    private final List<HostRoutes> hosts;
    private final List<Route> routes;

    private RouteTable(List<HostRoutes> hosts, List<Route> routes) {
        this.hosts = hosts;
        this.routes = routes;
    }

    /** @throws IllegalArgumentException naming both route ids when two routes overlap exactly */
    public static RouteTable build(List<Route> routes) {
        Map<String, Route> shapes = new HashMap<>();
        Map<HostPattern, HostRoutes> byHost = new LinkedHashMap<>();
        for (Route route : routes) {
            String shape = route.host() + route.path().shape(route.caseInsensitive());
            Route previous = shapes.get(shape);
            if (previous != null && methodsOverlap(previous, route)) {
                throw new IllegalArgumentException("routes '" + previous.id() + "' and '" + route.id()
                        + "' match the same requests (host " + route.host() + ", path "
                        + route.path() + "); give them different methods, hosts or paths");
            }
            shapes.putIfAbsent(shape, route);
            byHost.computeIfAbsent(route.host(), HostRoutes::new).add(route);
        }
        List<HostRoutes> hosts = new ArrayList<>(byHost.values());
        hosts.sort(Comparator.comparingInt((HostRoutes h) -> h.host.rank()).reversed());
        return new RouteTable(List.copyOf(hosts), List.copyOf(routes));
    }

    public List<Route> routes() {
        return routes;
    }

    /**
     * @param host lower-case host without port, or null when the request had none
     * @param method upper-case method
     */
    public RouteMatch match(String host, String method, NormalizedPath path) {
        String target = path.hasEmptySegments() ? path.merged() : path.value();
        Set<String> allowed = null;
        for (HostRoutes candidate : hosts) {
            if (host == null ? !candidate.host.isAny() : !candidate.host.matches(host)) {
                continue;
            }
            Lookup lookup = new Lookup(method, target);
            RouteMatch.Found found = candidate.match(lookup);
            if (found != null) {
                if (path.hasEmptySegments() && !found.route().mergeSlashes()) {
                    return new RouteMatch.AmbiguousSlashes(found.route().id());
                }
                return found;
            }
            if (lookup.allowed != null) {
                allowed = allowed == null ? new TreeSet<>() : allowed;
                allowed.addAll(lookup.allowed);
            }
        }
        return allowed == null ? RouteMatch.NOT_FOUND : new RouteMatch.MethodNotAllowed(allowed);
    }

    private static boolean methodsOverlap(Route a, Route b) {
        if (a.methods().isEmpty() || b.methods().isEmpty()) {
            return true;
        }
        for (String method : a.methods()) {
            if (b.methods().contains(method)) {
                return true;
            }
        }
        return false;
    }

    /** State of one lookup: the request, parameter values bound so far, methods seen. */
    private static final class Lookup {
        final String method;
        final String path;
        final String[] params = new String[16];
        Set<String> allowed;

        Lookup(String method, String path) {
            this.method = method;
            this.path = path;
        }

        void sawMethods(Route route) {
            if (allowed == null) {
                allowed = new TreeSet<>();
            }
            allowed.addAll(route.methods());
        }
    }

    private static final class HostRoutes {
        final HostPattern host;
        final Node exact = new Node();
        final Node folded = new Node();
        boolean hasFolded;

        HostRoutes(HostPattern host) {
            this.host = host;
        }

        void add(Route route) {
            if (route.path().paramNames().size() > 16) {
                throw new IllegalArgumentException("route " + route.id() + ": more than 16 path parameters");
            }
            Node node = route.caseInsensitive() ? folded : exact;
            hasFolded |= route.caseInsensitive();
            for (PathTemplate.Segment segment : route.path().segments()) {
                switch (segment.kind()) {
                    case LITERAL -> {
                        String key = route.caseInsensitive()
                                ? segment.value().toLowerCase(Locale.ROOT) : segment.value();
                        node = node.literals.computeIfAbsent(key, k -> new Node());
                    }
                    case PARAM -> node = node.param == null ? (node.param = new Node()) : node.param;
                    case CATCH_ALL -> {
                        node.catchAll.add(route);
                        return;
                    }
                }
            }
            node.terminal.add(route);
        }

        RouteMatch.Found match(Lookup lookup) {
            RouteMatch.Found found = exact.match(lookup, lookup.path, 1, 0);
            if (found == null && hasFolded) {
                String lower = lookup.path.toLowerCase(Locale.ROOT);
                found = folded.match(lookup, lower, 1, 0);
                if (found != null) {
                    // Parameters keep the case the client sent; only literals are folded.
                    found = rebind(found, lookup.path);
                }
            }
            return found;
        }

        private static RouteMatch.Found rebind(RouteMatch.Found found, String original) {
            if (found.params().isEmpty()) {
                return new RouteMatch.Found(found.route(), found.params(), original);
            }
            List<String> params = new ArrayList<>();
            int start = 1;
            List<PathTemplate.Segment> segments = found.route().path().segments();
            for (PathTemplate.Segment segment : segments) {
                int end = original.indexOf('/', start);
                if (segment.kind() == PathTemplate.Kind.CATCH_ALL) {
                    params.add(original.substring(start));
                    break;
                }
                String value = original.substring(start, end < 0 ? original.length() : end);
                if (segment.kind() == PathTemplate.Kind.PARAM) {
                    params.add(value);
                }
                start = end + 1;
            }
            return new RouteMatch.Found(found.route(), List.copyOf(params), original);
        }
    }

    private static final class Node {
        final Map<String, Node> literals = new HashMap<>();
        Node param;
        final List<Route> catchAll = new ArrayList<>(1);
        final List<Route> terminal = new ArrayList<>(1);

        /** @param start index of the first character of the current segment, after its '/' */
        RouteMatch.Found match(Lookup lookup, String path, int start, int paramCount) {
            if (start > path.length()) {
                return pick(lookup, terminal, paramCount);
            }
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            String segment = path.substring(start, end);
            Node literal = literals.get(segment);
            if (literal != null) {
                RouteMatch.Found found = literal.match(lookup, path, end + 1, paramCount);
                if (found != null) {
                    return found;
                }
            }
            if (param != null && !segment.isEmpty()) {
                lookup.params[paramCount] = segment;
                RouteMatch.Found found = param.match(lookup, path, end + 1, paramCount + 1);
                if (found != null) {
                    return found;
                }
            }
            if (!catchAll.isEmpty()) {
                lookup.params[paramCount] = path.substring(start);
                return pick(lookup, catchAll, paramCount + 1);
            }
            return null;
        }

        private static RouteMatch.Found pick(Lookup lookup, List<Route> routes, int paramCount) {
            for (Route route : routes) {
                if (route.allowsMethod(lookup.method)) {
                    List<String> params = paramCount == 0 ? List.of()
                            : List.of(java.util.Arrays.copyOf(lookup.params, paramCount));
                    return new RouteMatch.Found(route, params, lookup.path);
                }
                lookup.sawMethods(route);
            }
            return null;
        }
    }
}
