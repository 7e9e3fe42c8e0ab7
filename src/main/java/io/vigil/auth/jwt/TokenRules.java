package io.vigil.auth.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import java.util.List;
import java.util.Set;

/**
 * What one provider demands of its tokens, compiled from {@code IdentityProviderConfig}.
 *
 * @param method the authenticator id recorded on the principal ({@code jwt:corp})
 * @param tokenType required {@code typ}, lower-case without {@code application/}; null for the
 *     default (absent, {@code JWT} or {@code at+jwt})
 * @param maxTokenAgeMillis 0 for no limit
 * @param scopeClaims paths whose values are scopes ({@code scope} string or {@code scp} array)
 */
record TokenRules(
        String method,
        String issuer,
        Set<JWSAlgorithm> algorithms,
        Set<String> audiences,
        List<String> requiredClaims,
        long clockSkewMillis,
        long maxTokenAgeMillis,
        String tokenType,
        List<String> scopeClaims,
        String rolesClaim,
        String tenantClaim) {

    /** Tokens longer than this are refused before any parsing. */
    static final int MAX_TOKEN_CHARS = 12 * 1024;
}
