package io.vigil.auth.jwt;

import io.vigil.auth.Principal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the request's {@link Principal} from a verified token's claims, by the provider's claim paths. */
final class PrincipalMapper {

    private final TokenRules rules;

    PrincipalMapper(TokenRules rules) {
        this.rules = rules;
    }

    Principal map(Map<String, Object> claims, long exp) {
        String sub = (String) claims.get("sub");
        Set<String> scopes = new LinkedHashSet<>();
        for (String path : rules.scopeClaims()) {
            scopes.addAll(words(at(claims, path), path));
        }
        Set<String> roles = new LinkedHashSet<>(words(at(claims, rules.rolesClaim()), rules.rolesClaim()));
        long authTime = TokenVerifier.numericDate(claims, "auth_time");
        Object cnf = claims.get("cnf");
        @SuppressWarnings("unchecked")
        Map<String, Object> confirmation = cnf instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        // RFC 9068 §2.2: a client acting for itself has sub equal to its client_id.
        Principal.Type type = sub.equals(claims.get("client_id")) ? Principal.Type.SERVICE : Principal.Type.USER;
        return new Principal(type, sub, rules.issuer(), rules.method(), scopes, roles,
                string(at(claims, rules.tenantClaim())), string(claims.get("acr")),
                words(claims.get("amr"), "amr"), Math.max(0, authTime), string(claims.get("sid")),
                string(claims.getOrDefault("device_id", claims.get("did"))), string(claims.get("jti")),
                Math.max(0, TokenVerifier.numericDate(claims, "iat")), nonNullValues(confirmation), claims, exp);
    }

    /** The value at a dotted path ({@code realm_access.roles}), or null. */
    static Object at(Map<String, Object> claims, String path) {
        if (path == null) {
            return null;
        }
        Object direct = claims.get(path);
        if (direct != null || path.indexOf('.') < 0) {
            return direct;
        }
        Object node = claims;
        for (String part : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(part);
        }
        return node;
    }

    /** A space-separated string or a list of strings, as a list; anything else is a claim error. */
    private static List<String> words(Object value, String name) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            List<String> out = new ArrayList<>();
            for (String word : s.trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    out.add(word);
                }
            }
            return out;
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw new IllegalArgumentException("The claim '" + name + "' must hold strings.");
                }
                out.add(s);
            }
            return out;
        }
        throw new IllegalArgumentException("The claim '" + name + "' must be a string or a list of strings.");
    }

    private static String string(Object value) {
        return value instanceof String s ? s : null;
    }

    private static Map<String, Object> nonNullValues(Map<String, Object> map) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k != null && v != null) {
                out.put(k, v);
            }
        });
        return out;
    }
}
