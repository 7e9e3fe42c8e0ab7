package io.vigil.auth.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import io.vigil.pipeline.Exchange;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * DPoP proof validation (RFC 9449 §4.3): one {@code DPoP} header holding a JWS of type
 * {@code dpop+jwt}, signed with an accepted asymmetric algorithm by the public key in its own
 * {@code jwk} header, whose {@code htm} and {@code htu} name this request (query and fragment
 * aside), whose {@code iat} is recent, whose {@code jti} was not seen before, whose {@code ath}
 * is the hash of the access token, and whose key is the one the token is bound to
 * ({@code cnf.jkt}). Every failure is {@code invalid_dpop_proof} with a safe description.
 */
final class DpopProofs {

    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
            JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
    private static final int MAX_PROOF_CHARS = 8 * 1024;

    private final long windowMillis;
    private final long skewMillis;
    private final Cache<String, Boolean> seen;

    /**
     * @param window how old a proof's {@code iat} may be; also how long its {@code jti} is remembered
     */
    DpopProofs(Duration window, long skewMillis, int maxRemembered) {
        this.windowMillis = window.toMillis();
        this.skewMillis = skewMillis;
        this.seen = Caffeine.newBuilder().maximumSize(maxRemembered)
                // Maintenance on the calling thread: no wake-up of a pool thread per insert.
                .executor(Runnable::run)
                .expireAfterWrite(window.plusMillis(2 * skewMillis)).build();
    }

    /** @return null when the proof is good, else what is wrong with it */
    String check(Exchange exchange, String accessToken, String boundJkt, long nowMillis) {
        List<String> headers = exchange.headers().getAll("dpop");
        if (headers.size() != 1) {
            return headers.isEmpty() ? "A DPoP proof is required (DPoP header)." : "Send exactly one DPoP proof.";
        }
        String proof = headers.get(0);
        if (proof.length() > MAX_PROOF_CHARS) {
            return "The DPoP proof is too large.";
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(proof);
        } catch (ParseException e) {
            return "The DPoP proof is not a signed JWT.";
        }
        JWSHeader header = jws.getHeader();
        if (header.getType() == null || !"dpop+jwt".equalsIgnoreCase(header.getType().getType())) {
            return "The DPoP proof's typ must be dpop+jwt.";
        }
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            return "The DPoP proof's algorithm is not accepted.";
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            return "The DPoP proof marks header parameters as critical that are not understood.";
        }
        JWK jwk = header.getJWK();
        if (jwk == null || jwk.isPrivate()) {
            return "The DPoP proof must carry its public key (jwk), and only the public part.";
        }
        KeySet.Key key;
        try {
            key = KeySetLoader.toKey(jwk);
        } catch (JOSEException | RuntimeException e) {
            return "The DPoP proof's key is not acceptable.";
        }
        boolean valid;
        try {
            valid = key.algorithms().contains(header.getAlgorithm())
                    && key.verifier().verify(header, jws.getSigningInput(), jws.getSignature());
        } catch (JOSEException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            return "The DPoP proof signature is invalid.";
        }
        String thumbprint;
        try {
            thumbprint = jwk.computeThumbprint().toString();
        } catch (JOSEException e) {
            return "The DPoP proof's key is not acceptable.";
        }
        if (boundJkt == null || !MessageDigest.isEqual(thumbprint.getBytes(StandardCharsets.US_ASCII),
                boundJkt.getBytes(StandardCharsets.US_ASCII))) {
            return "The DPoP proof is signed by a key the token is not bound to.";
        }
        Map<String, Object> claims = jws.getPayload().toJSONObject();
        if (claims == null) {
            return "The DPoP proof payload is not a JSON object.";
        }
        if (!(claims.get("htm") instanceof String htm) || !htm.equals(exchange.method())) {
            return "The DPoP proof is for another HTTP method (htm).";
        }
        if (!(claims.get("htu") instanceof String htu) || !sameTarget(htu, exchange)) {
            return "The DPoP proof is for another URL (htu).";
        }
        long iat = TokenVerifier.numericDate(claims, "iat");
        if (iat < 0 || iat * 1000 < nowMillis - windowMillis - skewMillis || iat * 1000 > nowMillis + skewMillis) {
            return "The DPoP proof is too old or from the future (iat).";
        }
        if (!(claims.get("ath") instanceof String ath) || !ath.equals(accessTokenHash(accessToken))) {
            return "The DPoP proof is not for this access token (ath).";
        }
        if (!(claims.get("jti") instanceof String jti) || jti.isEmpty() || jti.length() > 256) {
            return "The DPoP proof needs a jti.";
        }
        // Remembered per key, so one client cannot burn another's identifiers.
        if (seen.asMap().putIfAbsent(thumbprint + ' ' + jti, Boolean.TRUE) != null) {
            return "The DPoP proof was used before (jti replay).";
        }
        return null;
    }

    /** {@code htu} against this request's URL, scheme and host case-insensitively, default ports aside. */
    static boolean sameTarget(String htu, Exchange exchange) {
        URI claimed;
        try {
            claimed = new URI(htu);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        if (claimed.getScheme() == null || claimed.getRawAuthority() == null || exchange.authority() == null) {
            return false;
        }
        String scheme = exchange.scheme();
        if (!claimed.getScheme().equalsIgnoreCase(scheme)) {
            return false;
        }
        String host = exchange.host();
        int port = port(exchange.authority(), scheme);
        int claimedPort = claimed.getPort() == -1 ? ("https".equalsIgnoreCase(scheme) ? 443 : 80) : claimed.getPort();
        String claimedHost = claimed.getHost() == null ? "" : claimed.getHost().toLowerCase(Locale.ROOT);
        if (claimedHost.startsWith("[") && claimedHost.endsWith("]")) {
            claimedHost = claimedHost.substring(1, claimedHost.length() - 1);
        }
        String ownHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!claimedHost.equals(ownHost) || claimedPort != port) {
            return false;
        }
        String target = exchange.rawTarget();
        if (!target.startsWith("/")) {
            // Absolute form: its host was already checked against Host; compare its path.
            try {
                target = new URI(target).getRawPath();
            } catch (java.net.URISyntaxException e) {
                return false;
            }
        }
        int cut = target.indexOf('?');
        String path = cut < 0 ? target : target.substring(0, cut);
        String claimedPath = claimed.getRawPath() == null || claimed.getRawPath().isEmpty() ? "/" : claimed.getRawPath();
        return claimedPath.equals(path);
    }

    private static int port(String authority, String scheme) {
        int colon = authority.lastIndexOf(':');
        int bracket = authority.lastIndexOf(']');
        if (colon > bracket && colon >= 0) {
            try {
                return Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return "https".equals(scheme) ? 443 : 80;
    }

    static String accessTokenHash(String accessToken) {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256")
                    .digest(accessToken.getBytes(StandardCharsets.US_ASCII))).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
