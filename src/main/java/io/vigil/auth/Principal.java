package io.vigil.auth;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is calling, as established by one {@link Authenticator}: one immutable value per request,
 * ready for the policy and risk stages. Fields a method does not provide are empty or null,
 * never guessed.
 *
 * @param method the authenticator id that established it ("none", "jwt:corp", "apikey", ...)
 * @param authTime epoch seconds of the end-user's login ({@code auth_time}), or 0 when unknown
 * @param issuedAt epoch seconds the credential was issued ({@code iat}), or 0 when unknown
 * @param expiresAt epoch seconds after which the credential is no longer valid, or 0 for none
 * @param confirmation the token's {@code cnf} claim (sender constraint), empty when unbound
 * @param claims every claim of the credential, as parsed
 */
public record Principal(
        Type type,
        String subject,
        String issuer,
        String method,
        Set<String> scopes,
        Set<String> roles,
        String tenant,
        String acr,
        List<String> amr,
        long authTime,
        String sessionId,
        String deviceId,
        String tokenId,
        long issuedAt,
        Map<String, Object> confirmation,
        Map<String, Object> claims,
        long expiresAt) {

    public enum Type { ANONYMOUS, USER, SERVICE, WORKLOAD, DEVICE, APIKEY }

    public static final Principal ANONYMOUS = new Principal(Type.ANONYMOUS, "anonymous", null, "none",
            Set.of(), Set.of(), null, null, List.of(), 0, null, null, null, 0, Map.of(), Map.of(), 0);

    public Principal {
        requireNonNull(type, "type");
        requireNonNull(subject, "subject");
        requireNonNull(method, "method");
        scopes = Set.copyOf(scopes);
        roles = Set.copyOf(roles);
        amr = List.copyOf(amr);
        confirmation = Map.copyOf(confirmation);
        // A hash map of our own: the parser's tree map costs a string-compare walk per lookup, and
        // claims are looked up on every request (cnf, plan, policies). Null values (JSON null) stay.
        claims = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(claims));
    }

    /**
     * The claim at a path: a claim named exactly so (names may contain dots, as in
     * {@code https://example.com/tenant}), else the path's dot-separated parts walked into nested
     * objects; null when there is none.
     */
    public static Object claimAt(Map<String, Object> claims, String path) {
        if (claims.containsKey(path)) {
            return claims.get(path);
        }
        Object value = claims;
        int start = 0;
        while (start <= path.length()) {
            int dot = path.indexOf('.', start);
            String segment = path.substring(start, dot < 0 ? path.length() : dot);
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            value = map.get(segment);
            if (dot < 0) {
                return value;
            }
            start = dot + 1;
        }
        return value;
    }

    public boolean hasScopes(java.util.Collection<String> required) {
        return scopes.containsAll(required);
    }
}
