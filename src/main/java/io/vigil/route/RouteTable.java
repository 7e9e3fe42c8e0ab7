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
 * left, a literal over a parameter over a catch-all. The most specific path match owns the
 * request: if none of its routes takes the method the answer is 405, never a fall-through to a
 * less specific route (which could be a public catch-all).
 * Two routes that would match exactly the same requests are rejected when the table is built.
 */
public final class RouteTable {

    private final List<HostRoutes> hosts;
    private final List<Route> routes;
    /** The most parameters any route binds: the size of a lookup's scratch array. */
    private final int maxParams;

    private RouteTable(List<HostRoutes> hosts, List<Route> routes) {
        this.hosts = hosts;
        this.routes = routes;
        this.maxParams = routes.stream().mapToInt(r -> r.path().paramNames().size()).max().orElse(0);
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
        for (HostRoutes candidate : hosts) {
            if (host == null ? !candidate.host.isAny() : !candidate.host.matches(host)) {
                continue;
            }
            Lookup lookup = new Lookup(method, target, maxParams);
            RouteMatch.Found found = candidate.match(lookup);
            if (found != null) {
                if (path.hasEmptySegments() && !found.route().mergeSlashes()) {
                    return new RouteMatch.AmbiguousSlashes(found.route().id());
                }
                return found;
            }
            if (lookup.allowed != null) {
                // The most specific route for this path owns it; its methods do not let the
                // request fall through to a less specific (say, public catch-all) route.
                return new RouteMatch.MethodNotAllowed(lookup.allowed);
            }
        }
        return RouteMatch.NOT_FOUND;
    }

    /**
     * The id of the route that would serve an endpoint known only by its template (found in source
     * code): a placeholder stands for any one value, {@code {x*}} for any rest. Routes for any host
     * are tried first, then those for one host or domain, most specific first. Null when no route
     * covers it, or the route that does refuses the method.
     */
    public String routeServing(String method, String template) {
        NormalizedPath path;
        try {
            path = io.vigil.server.PathNormalizer.normalize(samplePath(template));
        } catch (io.vigil.server.AmbiguousPathException e) {
            return null;
        }
        if (match(null, method, path) instanceof RouteMatch.Found found) {
            return found.route().id();
        }
        for (HostRoutes candidate : hosts) {
            if (candidate.host.isAny()) {
                continue;
            }
            String host = candidate.host.isWildcard() ? "x" + candidate.host.pattern().substring(1) : candidate.host.pattern();
            if (match(host, method, path) instanceof RouteMatch.Found found) {
                return found.route().id();
            }
        }
        return null;
    }

    /** {@code /orders/{id}/items/{rest*}} → {@code /orders/0/items/0}. */
    private static String samplePath(String template) {
        StringBuilder out = new StringBuilder(template.length());
        for (String segment : template.split("/", -1)) {
            if (out.length() > 0 || !segment.isEmpty()) {
                out.append('/');
            }
            out.append(segment.startsWith("{") && segment.endsWith("}") ? "0" : segment);
        }
        return out.length() == 0 ? "/" : out.toString();
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
        final String[] params;
        Set<String> allowed;

        Lookup(String method, String path, int maxParams) {
            this.method = method;
            this.path = path;
            this.params = maxParams == 0 ? NO_PARAMS : new String[maxParams];
        }

        private static final String[] NO_PARAMS = new String[0];

        void sawMethods(Route route) {
            if (allowed == null) {
                allowed = new TreeSet<>();
            }
            allowed.addAll(route.methods());
        }
    }

    private static final class HostRoutes {
        final HostPattern host;
        final Node root = new Node();

        HostRoutes(HostPattern host) {
            this.host = host;
        }

        void add(Route route) {
            if (route.path().paramNames().size() > 16) {
                throw new IllegalArgumentException("route " + route.id() + ": more than 16 path parameters");
            }
            Node node = root;
            for (PathTemplate.Segment segment : route.path().segments()) {
                switch (segment.kind()) {
                    case LITERAL -> node = route.caseInsensitive()
                            ? node.folded().computeIfAbsent(segment.value().toLowerCase(Locale.ROOT), k -> new Node())
                            : node.literals.computeIfAbsent(segment.value(), k -> new Node());
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
            return root.match(lookup, lookup.path, 1, 0);
        }
    }

    private static final class Node {
        final Map<String, Node> literals = new HashMap<>();
        /** Literals of case-insensitive routes, keyed in lower case; null until one exists. */
        Map<String, Node> foldedLiterals;
        Node param;
        final List<Route> catchAll = new ArrayList<>(1);
        final List<Route> terminal = new ArrayList<>(1);

        Map<String, Node> folded() {
            if (foldedLiterals == null) {
                foldedLiterals = new HashMap<>();
            }
            return foldedLiterals;
        }

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
                if (found != null || lookup.allowed != null) {
                    return found;
                }
            }
            if (foldedLiterals != null) {
                Node folded = foldedLiterals.get(segment.toLowerCase(Locale.ROOT));
                if (folded != null) {
                    RouteMatch.Found found = folded.match(lookup, path, end + 1, paramCount);
                    if (found != null || lookup.allowed != null) {
                        return found;
                    }
                }
            }
            if (param != null && !segment.isEmpty()) {
                lookup.params[paramCount] = segment;
                RouteMatch.Found found = param.match(lookup, path, end + 1, paramCount + 1);
                if (found != null || lookup.allowed != null) {
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
                    String[] bound = lookup.params;
                    List<String> params = switch (paramCount) {
                        case 0 -> List.of();
                        case 1 -> List.of(bound[0]);
                        case 2 -> List.of(bound[0], bound[1]);
                        default -> List.of(java.util.Arrays.copyOf(bound, paramCount));
                    };
                    return new RouteMatch.Found(route, params, lookup.path);
                }
                lookup.sawMethods(route);
            }
            return null;
        }
    }
}
