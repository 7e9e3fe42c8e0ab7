package io.vigil.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns a JWKS document into a {@link KeySet}, refusing what a careful verifier must not use:
 * a set with a repeated {@code kid} is refused whole (which key would a token mean?); a key that
 * is too weak (RSA under 2048 bits, RSA exponent 1), meant for encryption, symmetric, or on a
 * curve we do not accept is dropped with a warning. Private parts are discarded.
 */
final class KeySetLoader {

    static final int MIN_RSA_BITS = 2048;
    static final int MIN_HMAC_BYTES = 32;

    private static final Set<JWSAlgorithm> RSA_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
    private static final Set<JWSAlgorithm> EDDSA_ALGORITHMS = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    private KeySetLoader() {
    }

    /** A JWKS the provider published cannot be used at all. */
    static final class KeySetException extends Exception {
        KeySetException(String message) {
            super(message);
        }
    }

    /**
     * @param warnings told about each dropped key
     * @throws KeySetException when the document is not a JWKS, repeats a kid, or leaves no key
     */
    static KeySet parse(String json, Consumer<String> warnings) throws KeySetException {
        JWKSet set;
        try {
            set = JWKSet.parse(json);
        } catch (ParseException e) {
            throw new KeySetException("not a JWK set: " + e.getMessage());
        }
        Map<String, KeySet.Key> byKid = new HashMap<>();
        List<KeySet.Key> unnamed = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JWK jwk : set.getKeys()) {
            String kid = jwk.getKeyID();
            if (kid != null && !seen.add(kid)) {
                throw new KeySetException("kid '" + kid + "' appears more than once");
            }
            KeySet.Key key;
            try {
                key = toKey(jwk);
            } catch (JOSEException | IllegalArgumentException e) {
                warnings.accept("key " + (kid == null ? "(no kid)" : "'" + kid + "'") + " dropped: " + e.getMessage());
                continue;
            }
            if (kid == null) {
                unnamed.add(key);
            } else {
                byKid.put(kid, key);
            }
        }
        if (byKid.isEmpty() && unnamed.isEmpty()) {
            throw new KeySetException("no usable signature verification key in the set ("
                    + set.getKeys().size() + " given)");
        }
        return new KeySet(byKid, unnamed, 0, 0);
    }

    /** The key set for an HMAC provider: one secret, never refreshed. */
    static KeySet hmac(byte[] secret, Set<JWSAlgorithm> algorithms) throws JOSEException {
        if (secret.length < MIN_HMAC_BYTES) {
            throw new JOSEException("an HMAC secret needs at least 256 bits (32 bytes); this one has "
                    + secret.length + " bytes");
        }
        KeySet.Key key = new KeySet.Key(null, algorithms, new MACVerifier(secret), "hmac");
        return new KeySet(Map.of(), List.of(key), 0, KeySet.NEVER);
    }

    /** A verifier for one public key, with the same strength rules as a JWKS key (DPoP proofs use it too). */
    static KeySet.Key toKey(JWK jwk) throws JOSEException {
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            throw new IllegalArgumentException("use is '" + jwk.getKeyUse().identifier() + "', not 'sig'");
        }
        Set<KeyOperation> ops = jwk.getKeyOperations();
        if (ops != null && !ops.contains(KeyOperation.VERIFY)) {
            throw new IllegalArgumentException("key_ops does not include 'verify'");
        }
        JWK pub = jwk.toPublicJWK();
        if (pub == null) {
            throw new IllegalArgumentException("symmetric keys are never taken from a JWKS");
        }
        Set<JWSAlgorithm> algorithms;
        JWSVerifier verifier;
        if (pub instanceof RSAKey rsa) {
            RSAPublicKey publicKey = rsa.toRSAPublicKey();
            int bits = publicKey.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new IllegalArgumentException("RSA key of " + bits + " bits is too weak (minimum " + MIN_RSA_BITS + ")");
            }
            BigInteger e = publicKey.getPublicExponent();
            if (e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0)) {
                throw new IllegalArgumentException("RSA public exponent " + e + " is not acceptable");
            }
            algorithms = RSA_ALGORITHMS;
            verifier = new RSASSAVerifier(publicKey);
        } else if (pub instanceof ECKey ec) {
            JWSAlgorithm alg = ecAlgorithm(ec.getCurve());
            algorithms = Set.of(alg);
            verifier = ecVerifier(ec.toECPublicKey());
        } else if (pub instanceof OctetKeyPair okp) {
            algorithms = EDDSA_ALGORITHMS;
            verifier = new Ed25519BcVerifier(okp);
        } else {
            throw new IllegalArgumentException("key type " + pub.getKeyType() + " cannot verify signatures");
        }
        if (jwk.getAlgorithm() != null) {
            JWSAlgorithm declared = JWSAlgorithm.parse(jwk.getAlgorithm().getName());
            if (!algorithms.contains(declared)) {
                throw new IllegalArgumentException("alg '" + declared + "' does not fit a " + pub.getKeyType() + " key");
            }
            algorithms = Set.of(declared);
        }
        return new KeySet.Key(jwk.getKeyID(), algorithms, verifier, pub.computeThumbprint().toString());
    }

    private static JWSAlgorithm ecAlgorithm(Curve curve) {
        if (Curve.P_256.equals(curve)) {
            return JWSAlgorithm.ES256;
        }
        if (Curve.P_384.equals(curve)) {
            return JWSAlgorithm.ES384;
        }
        if (Curve.P_521.equals(curve)) {
            return JWSAlgorithm.ES512;
        }
        throw new IllegalArgumentException("curve " + curve + " is not accepted (P-256, P-384, P-521)");
    }

    /**
     * ECDSA through BouncyCastle: on JDK 17 SunEC verifies ES256 more than ten times slower. The
     * key is converted to BouncyCastle's own type once, here, not on every verification.
     */
    private static JWSVerifier ecVerifier(ECPublicKey jdkKey) throws JOSEException {
        try {
            KeyFactory factory = KeyFactory.getInstance("EC", BouncyCastleProviderSingleton.getInstance());
            ECPublicKey bcKey = (ECPublicKey) factory.generatePublic(new X509EncodedKeySpec(jdkKey.getEncoded()));
            ECDSAVerifier verifier = new ECDSAVerifier(bcKey);
            verifier.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
            return verifier;
        } catch (java.security.GeneralSecurityException e) {
            throw new JOSEException("EC key could not be converted: " + e.getMessage(), e);
        }
    }
}
