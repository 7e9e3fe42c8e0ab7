package io.vigil.route;

import static java.util.Objects.requireNonNull;

import io.vigil.auth.Authenticator;
import io.vigil.authz.Access;
import io.vigil.pipeline.Mode;
import io.vigil.proxy.UpstreamPool;
import java.util.List;
import java.util.Set;

/**
 * One compiled route: what it matches and what the pipeline does with a request it matched.
 * Built once per configuration, shared by every request, never mutated.
 *
 * @param methods upper-case methods; empty means any method
 * @param authenticators in the order the route lists them; never empty
 * @param access least-privilege rules for the authenticated caller (scopes, roles, policies, ...)
 * @param stepUp the login strength and recency this route demands, or null
 * @param limits the route's rate limits and quotas
 * @param mode how the route's authentication and step-up act: enforce, or only record (dry-run)
 */
public record Route(
        String id,
        HostPattern host,
        Set<String> methods,
        PathTemplate path,
        UpstreamPool upstream,
        List<Authenticator> authenticators,
        Access access,
        StepUp stepUp,
        long maxBodyBytes,
        boolean websocket,
        boolean mergeSlashes,
        boolean caseInsensitive,
        io.vigil.limit.Limits limits,
        Mode mode) {

    public Route {
        requireNonNull(id, "id");
        requireNonNull(host, "host");
        methods = Set.copyOf(methods);
        requireNonNull(path, "path");
        authenticators = List.copyOf(authenticators);
        requireNonNull(access, "access");
        requireNonNull(mode, "mode");
        requireNonNull(limits, "limits");
        if (authenticators.isEmpty()) {
            throw new IllegalArgumentException("route " + id + ": authenticators must not be empty");
        }
    }

    /** RFC 9470 requirements; {@code challenge} is the ready {@code acr_values}/{@code max_age} text. */
    public record StepUp(List<String> acrValues, long maxAgeSeconds, String challenge) {
        public StepUp {
            acrValues = List.copyOf(acrValues);
        }
    }

    public boolean allowsMethod(String method) {
        return methods.isEmpty() || methods.contains(method);
    }

    public boolean isPublic() {
        return authenticators.size() == 1 && authenticators.get(0).id().equals("none");
    }
}
