package io.vigil.bench.risk;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The simulation's identity provider: an ES256 key whose public half the gateway reads from a
 * JWKS file. Tokens carry real-time {@code iat}/{@code exp} (the gateway checks those against its
 * own clock, not the simulated one) and a simulated {@code auth_time}, which is what login-age
 * signals read.
 */
final class TokenMint {

    static final String ISSUER = "https://idp.sim.example";
    static final String AUDIENCE = "orders-api";

    private final ECKey key;
    private final ECDSASigner signer;

    TokenMint() throws JOSEException {
        key = new ECKeyGenerator(Curve.P_256).keyID("sim-1").algorithm(JWSAlgorithm.ES256).generate();
        signer = new ECDSASigner(key);
    }

    void writeJwks(Path file) throws java.io.IOException {
        Files.writeString(file, new JWKSet(key.toPublicJWK()).toString());
    }

    /**
     * @param authTimeMillis when the user logged in, in simulated time
     * @param acr the login's class ({@code mfa} after a second factor)
     */
    String mint(String subject, String sessionId, long authTimeMillis, String acr, List<String> amr, List<String> roles,
            String scope) {
        long now = System.currentTimeMillis();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).audience(AUDIENCE)
                .issueTime(new Date(now - 1_000)).expirationTime(new Date(now + 6 * 3_600_000L))
                .jwtID(UUID.randomUUID().toString()).claim("sid", sessionId).claim("auth_time", authTimeMillis / 1000)
                .claim("acr", acr).claim("amr", amr).claim("scope", scope);
        if (!roles.isEmpty()) {
            claims.claim("roles", roles);
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims.build());
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
