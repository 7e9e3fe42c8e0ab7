package io.vigil.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import io.vigil.auth.Principal;
import io.vigil.pipeline.Reason;
import java.text.ParseException;
import java.util.Locale;
import java.util.Map;

/**
 * Verifies one compact JWS against a provider's rules and keys: structure, header, key
 * selection, signature, then claims. Nothing in the header chooses where keys come from:
 * {@code jku}, {@code x5u}, {@code jwk} and {@code x5c} are never read. Every failure has its own
 * reason and a description safe to send back (it names what failed, never the token).
 */
final class TokenVerifier {

    /** The verdict on a token. */
    sealed interface Result {
    }

    /** @param validUntilMillis when this verdict stops holding (exp plus skew, or the age limit) */
    record Verified(Principal principal, long validUntilMillis, String kid, JWSAlgorithm alg, String fingerprint)
            implements Result {
    }

    record Refused(Reason reason, String detail) implements Result {
    }

    /** The token names a key this key set does not have: worth one refetch. */
    record UnknownKey() implements Result {
    }

    static final UnknownKey UNKNOWN_KEY = new UnknownKey();
    /** A year-9999 ceiling on NumericDate claims: anything larger is an overflow attempt. */
    private static final long MAX_NUMERIC_DATE = 253_402_300_799L;
    private static final int MAX_KID_LENGTH = 256;

    private final TokenRules rules;
    private final PrincipalMapper principals;

    TokenVerifier(TokenRules rules) {
        this.rules = rules;
        this.principals = new PrincipalMapper(rules);
    }

    TokenRules rules() {
        return rules;
    }

    Result verify(String token, KeySet keys, long nowMillis) {
        if (token.length() > TokenRules.MAX_TOKEN_CHARS) {
            return refused(Reason.TOKEN_MALFORMED, "The token is too large.");
        }
        // One pass: the parts, and whether every character is base64url.
        int dots = 0;
        boolean base64url = true;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                base64url = false;
            }
        }
        if (dots == 4) {
            return refused(Reason.TOKEN_MALFORMED, "Encrypted tokens (JWE) are not accepted; send a signed JWT.");
        }
        if (dots != 2) {
            return refused(Reason.TOKEN_MALFORMED, "The token is not a signed JWT (three dot-separated parts).");
        }
        // Junk is refused before the parser sees it: its exceptions would cost more than a proxied request.
        String headerJson = base64url ? decodedHeader(token) : null;
        if (headerJson == null) {
            return refused(Reason.TOKEN_MALFORMED, "The token header or encoding is malformed.");
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(token);
        } catch (ParseException e) {
            return isUnsigned(headerJson) ? refused(Reason.TOKEN_ALGORITHM_REJECTED, "Unsigned tokens (alg none) are never accepted.")
                    : refused(Reason.TOKEN_MALFORMED, "The token header or encoding is malformed.");
        }
        JWSHeader header = jws.getHeader();
        JWSAlgorithm alg = header.getAlgorithm();
        if (!rules.algorithms().contains(alg)) {
            return refused(Reason.TOKEN_ALGORITHM_REJECTED, "The token's signing algorithm is not accepted.");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            return refused(Reason.TOKEN_MALFORMED, "The token marks header parameters as critical that are not understood.");
        }
        Result typ = checkType(header.getType());
        if (typ != null) {
            return typ;
        }
        String kid = header.getKeyID();
        if (kid != null && (kid.isEmpty() || kid.length() > MAX_KID_LENGTH)) {
            return refused(Reason.TOKEN_KEY_UNKNOWN, "The token was signed by a key this issuer does not publish.");
        }
        KeySet.Key key = keys.select(kid, alg);
        if (key == null) {
            return UNKNOWN_KEY;
        }
        if (!key.algorithms().contains(alg)) {
            return refused(Reason.TOKEN_ALGORITHM_REJECTED, "The token's algorithm does not match its key.");
        }
        boolean valid;
        try {
            valid = key.verifier().verify(header, jws.getSigningInput(), jws.getSignature());
        } catch (JOSEException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            return refused(Reason.TOKEN_SIGNATURE_INVALID, "The token signature is invalid.");
        }
        Map<String, Object> claims = jws.getPayload().toJSONObject();
        if (claims == null) {
            return refused(Reason.TOKEN_MALFORMED, "The token payload is not a JSON object.");
        }
        return checkClaims(claims, nowMillis, kid, alg, key.fingerprint());
    }

    /**
     * The header of a three-part base64url token as JSON text, or null when it cannot be one: the
     * header must decode to something that starts with '{' and ends with '}'. No exception is
     * thrown for junk.
     */
    static String decodedHeader(String token) {
        int first = token.indexOf('.');
        if (first <= 0 || first % 4 == 1) {
            return null;
        }
        String header = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, first)),
                java.nio.charset.StandardCharsets.UTF_8).trim();
        return header.startsWith("{") && header.endsWith("}") ? header : null;
    }

    /** Whether an unparseable header is an {@code alg: none} one, for a precise reason code. */
    private static boolean isUnsigned(String headerJson) {
        if (!headerJson.contains("\"none\"")) {
            return false;
        }
        try {
            Object alg = com.nimbusds.jose.util.JSONObjectUtils.parse(headerJson).get("alg");
            return alg instanceof String name && name.equals("none");
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }

    /** Called again after a refetch that still lacks the key. */
    static Refused unknownKey() {
        return new Refused(Reason.TOKEN_KEY_UNKNOWN, "The token was signed by a key this issuer does not publish.");
    }

    private Result checkType(JOSEObjectType type) {
        String typ = type == null ? null : normalType(type.getType());
        if (rules.tokenType() != null) {
            return rules.tokenType().equals(typ) ? null
                    : refused(Reason.TOKEN_TYPE_REJECTED, "The token is not of type " + rules.tokenType() + ".");
        }
        // Other JWT kinds (DPoP proofs, logout tokens, security events) are never access tokens.
        if (typ == null || typ.equals("jwt") || typ.equals("at+jwt")) {
            return null;
        }
        return refused(Reason.TOKEN_TYPE_REJECTED, "The token is not an access token.");
    }

    static String normalType(String typ) {
        String lower = typ.toLowerCase(Locale.ROOT);
        return lower.startsWith("application/") ? lower.substring("application/".length()) : lower;
    }

    private Result checkClaims(Map<String, Object> claims, long now, String kid, JWSAlgorithm alg, String fingerprint) {
        if (!(claims.get("iss") instanceof String iss) || !iss.equals(rules.issuer())) {
            return refused(Reason.TOKEN_ISSUER_MISMATCH, "The token was issued by another issuer.");
        }
        if (!audienceMatches(claims.get("aud"))) {
            return refused(Reason.TOKEN_AUDIENCE_MISMATCH, "The token is not meant for this API (audience).");
        }
        if (!(claims.get("sub") instanceof String sub) || sub.isEmpty()) {
            return refused(Reason.TOKEN_CLAIMS_INVALID, "The token has no subject.");
        }
        long skew = rules.clockSkewMillis();
        long exp = numericDate(claims, "exp");
        long nbf = numericDate(claims, "nbf");
        long iat = numericDate(claims, "iat");
        if (exp == BAD || nbf == BAD || iat == BAD || numericDate(claims, "auth_time") == BAD) {
            return refused(Reason.TOKEN_CLAIMS_INVALID, "A date claim in the token is not a valid NumericDate.");
        }
        if (exp == ABSENT) {
            return refused(Reason.TOKEN_CLAIMS_INVALID, "The token has no expiry (exp).");
        }
        long validUntil = exp * 1000 + skew;
        if (now >= validUntil) {
            return refused(Reason.TOKEN_EXPIRED, "The token expired.");
        }
        if (nbf != ABSENT && now < nbf * 1000 - skew) {
            return refused(Reason.TOKEN_NOT_YET_VALID, "The token is not valid yet.");
        }
        if (iat != ABSENT && now < iat * 1000 - skew) {
            return refused(Reason.TOKEN_NOT_YET_VALID, "The token was issued in the future.");
        }
        if (rules.maxTokenAgeMillis() > 0) {
            if (iat == ABSENT) {
                return refused(Reason.TOKEN_CLAIMS_INVALID, "The token has no issue time (iat).");
            }
            long ageLimit = iat * 1000 + rules.maxTokenAgeMillis() + skew;
            if (now >= ageLimit) {
                return refused(Reason.TOKEN_TOO_OLD, "The token is older than this issuer allows.");
            }
            validUntil = Math.min(validUntil, ageLimit);
        }
        for (String required : rules.requiredClaims()) {
            if (PrincipalMapper.at(claims, required) == null) {
                return refused(Reason.TOKEN_CLAIMS_INVALID, "The token lacks the required claim '" + required + "'.");
            }
        }
        Principal principal;
        try {
            principal = principals.map(claims, exp);
        } catch (IllegalArgumentException e) {
            return refused(Reason.TOKEN_CLAIMS_INVALID, e.getMessage());
        }
        return new Verified(principal, validUntil, kid, alg, fingerprint);
    }

    private boolean audienceMatches(Object aud) {
        if (aud instanceof String one) {
            return rules.audiences().contains(one);
        }
        if (aud instanceof java.util.List<?> many) {
            for (Object item : many) {
                if (item instanceof String s && rules.audiences().contains(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    static final long ABSENT = -1;
    static final long BAD = -2;

    /** A NumericDate claim as whole seconds, {@link #ABSENT}, or {@link #BAD} for overflows and junk. */
    static long numericDate(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        if (value == null) {
            return claims.containsKey(name) ? BAD : ABSENT;
        }
        long seconds;
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            seconds = ((Number) value).longValue();
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!(d >= 0 && d <= MAX_NUMERIC_DATE)) {
                return BAD;
            }
            seconds = (long) Math.floor(d);
        } else {
            // BigInteger, BigDecimal, strings, booleans: not a date we will compute with.
            return BAD;
        }
        return seconds < 0 || seconds > MAX_NUMERIC_DATE ? BAD : seconds;
    }

    private static Refused refused(Reason reason, String detail) {
        return new Refused(reason, detail);
    }
}
