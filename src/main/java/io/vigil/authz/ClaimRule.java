package io.vigil.authz;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A route's {@code claims:} entry: the claim at {@code path} (dots walk into objects) must equal
 * one of the accepted values, or, for an array claim, contain one. Values compare as text, so
 * {@code email_verified: [true]} matches the JSON boolean.
 */
public record ClaimRule(String path, Set<String> accepted) {

    public static ClaimRule of(String path, List<String> accepted) {
        return new ClaimRule(path, Set.copyOf(accepted));
    }

    public boolean matches(Map<String, Object> claims) {
        Object value = io.vigil.auth.Principal.claimAt(claims, path);
        if (value instanceof List<?> list) {
            for (Object element : list) {
                if (scalarMatches(element)) {
                    return true;
                }
            }
            return false;
        }
        return scalarMatches(value);
    }

    private boolean scalarMatches(Object value) {
        return (value instanceof String || value instanceof Number || value instanceof Boolean)
                && accepted.contains(value.toString());
    }
}
