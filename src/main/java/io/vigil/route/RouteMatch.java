package io.vigil.route;

import java.util.List;
import java.util.Set;

/** The outcome of a route lookup. */
public sealed interface RouteMatch {

    /**
     * @param params values of the template's parameters, in {@link PathTemplate#paramNames()} order,
     *     still percent-encoded as in the normalised path
     * @param path the normalised path the route matched, which is also the path sent upstream
     */
    record Found(Route route, List<String> params, String path) implements RouteMatch {

        /** The value of a path parameter, or null when the template has no such name. */
        public String param(String name) {
            int index = route.path().paramNames().indexOf(name);
            return index < 0 ? null : params.get(index);
        }
    }

    /** A route's path matched but none of them accepts the method. */
    record MethodNotAllowed(Set<String> allowed) implements RouteMatch {
    }

    /** The path has empty segments and the route it would reach does not allow merging them. */
    record AmbiguousSlashes(String routeId) implements RouteMatch {
    }

    record NotFound() implements RouteMatch {
    }

    NotFound NOT_FOUND = new NotFound();
}
