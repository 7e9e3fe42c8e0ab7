package io.vigil.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * EdDSA (Ed25519) verification through BouncyCastle. Nimbus's own Ed25519 verifier needs Tink;
 * BouncyCastle is already here for ECDSA and verifies far faster than the JDK's SunEC. The
 * public key is decoded once, when the key set is loaded.
 */
final class Ed25519BcVerifier implements JWSVerifier {

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    private final Ed25519PublicKeyParameters publicKey;
    private final JCAContext jca = new JCAContext();

    Ed25519BcVerifier(OctetKeyPair key) throws JOSEException {
        if (!Curve.Ed25519.equals(key.getCurve())) {
            throw new JOSEException("only the Ed25519 curve is supported, not " + key.getCurve());
        }
        byte[] x = key.getDecodedX();
        if (x == null || x.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            throw new JOSEException("an Ed25519 public key is 32 bytes");
        }
        try {
            this.publicKey = new Ed25519PublicKeyParameters(x, 0);
        } catch (IllegalArgumentException e) {
            throw new JOSEException("not a valid Ed25519 public key", e);
        }
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            return false;
        }
        byte[] sig = signature.decode();
        if (sig.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        return publicKey.verify(Ed25519.Algorithm.Ed25519, null, signingInput, 0, signingInput.length, sig, 0);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return ALGORITHMS;
    }

    @Override
    public JCAContext getJCAContext() {
        return jca;
    }
}
