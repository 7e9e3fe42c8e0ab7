package io.vigil.authz;

import io.vigil.pipeline.Mode;
import java.util.List;

/**
 * What a route demands of an authenticated caller, compiled from its config. Every list is
 * checked and every entry must hold (except {@code anyScopes}, where one is enough).
 *
 * @param scopes all of these
 * @param anyScopes at least one of these, when not empty
 * @param roles all of these
 * @param claims every rule
 * @param workloads when not empty, the caller's SPIFFE ID must match one
 * @param policies CEL policies, each with its own mode
 * @param mode how the non-policy rules act (the route's mode)
 */
public record Access(
        List<String> scopes,
        List<String> anyScopes,
        List<String> roles,
        List<ClaimRule> claims,
        List<WorkloadPattern> workloads,
        List<Policy> policies,
        Mode mode) {

    public static final Access NONE = new Access(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
            Mode.ENFORCE);

    public Access {
        scopes = List.copyOf(scopes);
        anyScopes = List.copyOf(anyScopes);
        roles = List.copyOf(roles);
        claims = List.copyOf(claims);
        workloads = List.copyOf(workloads);
        policies = List.copyOf(policies);
    }

    public boolean isEmpty() {
        return scopes.isEmpty() && anyScopes.isEmpty() && roles.isEmpty() && claims.isEmpty() && workloads.isEmpty()
                && policies.isEmpty();
    }
}
