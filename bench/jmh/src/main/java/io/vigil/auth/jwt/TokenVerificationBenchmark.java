package io.vigil.auth.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import io.vertx.core.Future;
import io.vigil.auth.AuthOutcome;
import io.vigil.config.IdentityProviderConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a bearer JWT costs: the first sight of a token (parse, signature, claims), the bare
 * signature check underneath it (JDK providers and BouncyCastle side by side), a token already in
 * the verified-token cache, and the refusal of junk. In this package because the verifier is
 * package-private; split packages are fine on the benchmark's classpath.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class TokenVerificationBenchmark {

    static final String ISSUER = "https://idp.bench.example";
    static final String AUDIENCE = "orders";
    /** Distinct tokens per algorithm, so nothing below can get away with remembering the last one. */
    static final int POOL = 256;

    /** Full verification of tokens the gateway has not seen: what every cache miss pays. */
    @State(Scope.Thread)
    public static class FirstSight {
        @Param({"RS256", "PS256", "ES256", "EdDSA"})
        public String alg;

        TokenVerifier verifier;
        KeySet keys;
        String[] tokens;
        long now;
        int next;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            Issuer issuer = new Issuer();
            keys = KeySetLoader.parse(issuer.jwks(), warning -> {
                throw new IllegalStateException("JWKS key dropped: " + warning);
            });
            verifier = new TokenVerifier(rules());
            tokens = issuer.tokens(JWSAlgorithm.parse(alg), POOL);
            now = System.currentTimeMillis();
            for (String token : tokens) {
                TokenVerifier.Result result = verifier.verify(token, keys, now);
                if (!(result instanceof TokenVerifier.Verified)) {
                    throw new IllegalStateException(alg + " token not verified: " + result);
                }
            }
        }

        String token() {
            String token = tokens[next];
            next = (next + 1) & (POOL - 1);
            return token;
        }
    }

    @Benchmark
    public TokenVerifier.Result firstSight(FirstSight s) {
        return s.verifier.verify(s.token(), s.keys, s.now);
    }

    /**
     * The signature check alone, over the same signing inputs, with one provider object reused:
     * the ceiling for {@link #firstSight}. The JDK cases name their provider (SunRsaSign for RSA,
     * SunEC for EC and Ed25519); BC-ES256 is BouncyCastle's JCA provider as the production
     * verifier uses it, BC-EdDSA is the lightweight call {@link Ed25519BcVerifier} makes.
     */
    @State(Scope.Thread)
    public static class RawSignature {
        @Param({"JDK-RS256", "JDK-PS256", "JDK-ES256", "BC-ES256", "JDK-EdDSA", "BC-EdDSA"})
        public String impl;

        byte[][] inputs;
        byte[][] signatures;
        Signature jca;
        Ed25519PublicKeyParameters bcEd;
        int next;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            Issuer issuer = new Issuer();
            String alg = impl.substring(impl.indexOf('-') + 1);
            String[] tokens = issuer.tokens(JWSAlgorithm.parse(alg), POOL);
            inputs = new byte[POOL][];
            signatures = new byte[POOL][];
            for (int i = 0; i < POOL; i++) {
                int dot = tokens[i].lastIndexOf('.');
                inputs[i] = tokens[i].substring(0, dot).getBytes(StandardCharsets.US_ASCII);
                signatures[i] = new Base64URL(tokens[i].substring(dot + 1)).decode();
            }
            switch (impl) {
                case "JDK-RS256" -> jca = jdk("SHA256withRSA", "SunRsaSign", issuer.rsa.toRSAPublicKey());
                case "JDK-PS256" -> {
                    jca = jdk("RSASSA-PSS", "SunRsaSign", issuer.rsa.toRSAPublicKey());
                    jca.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                }
                // JWS carries R||S, so the P1363 form: no DER re-encoding in the measurement.
                case "JDK-ES256" -> jca = jdk("SHA256withECDSAinP1363Format", "SunEC", issuer.ec.toECPublicKey());
                case "BC-ES256" -> {
                    KeyFactory factory = KeyFactory.getInstance("EC", BouncyCastleProviderSingleton.getInstance());
                    PublicKey bcKey = factory.generatePublic(new X509EncodedKeySpec(issuer.ec.toECPublicKey().getEncoded()));
                    jca = Signature.getInstance("SHA256withPLAIN-ECDSA", BouncyCastleProviderSingleton.getInstance());
                    jca.initVerify(bcKey);
                }
                case "JDK-EdDSA" -> jca = jdk("Ed25519", "SunEC", ed25519Jdk(issuer.ed.getDecodedX()));
                case "BC-EdDSA" -> bcEd = new Ed25519PublicKeyParameters(issuer.ed.getDecodedX(), 0);
                default -> throw new IllegalArgumentException(impl);
            }
            for (int i = 0; i < POOL; i++) {
                if (!verify()) {
                    throw new IllegalStateException(impl + " signature " + i + " did not verify");
                }
            }
        }

        private static Signature jdk(String algorithm, String provider, PublicKey key) throws Exception {
            Signature signature = Signature.getInstance(algorithm, provider);
            signature.initVerify(key);
            return signature;
        }

        /** An X.509 SubjectPublicKeyInfo for a raw Ed25519 key: the fixed 12-byte prefix, then the key. */
        private static PublicKey ed25519Jdk(byte[] raw) throws Exception {
            byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
            byte[] encoded = new byte[prefix.length + raw.length];
            System.arraycopy(prefix, 0, encoded, 0, prefix.length);
            System.arraycopy(raw, 0, encoded, prefix.length, raw.length);
            return KeyFactory.getInstance("Ed25519", "SunEC").generatePublic(new X509EncodedKeySpec(encoded));
        }

        boolean verify() throws Exception {
            byte[] input = inputs[next];
            byte[] sig = signatures[next];
            next = (next + 1) & (POOL - 1);
            if (bcEd != null) {
                return bcEd.verify(Ed25519.Algorithm.Ed25519, null, input, 0, input.length, sig, 0);
            }
            // verify() leaves the Signature ready for the next message with the same key.
            jca.update(input);
            return jca.verify(sig);
        }
    }

    @Benchmark
    public boolean rawSignature(RawSignature s) throws Exception {
        return s.verify();
    }

    /**
     * A client resending tokens the gateway has verified: the authenticator's own path (keys,
     * SHA-256 of the token, cache lookup, key-still-published check) with 1,000 warm entries.
     */
    @State(Scope.Thread)
    public static class Cached {
        static final int TOKENS = 1000;

        JwtAuthenticator authenticator;
        String[] tokens;
        Path jwksFile;
        int next;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            Issuer issuer = new Issuer();
            jwksFile = Files.createTempFile("vigil-bench-jwks", ".json");
            Files.writeString(jwksFile, issuer.jwks());
            IdentityProviderConfig config = new IdentityProviderConfig(ISSUER, null, jwksFile.toString(), null,
                    List.of("RS256", "PS256", "ES256", "EdDSA"), List.of(AUDIENCE), List.of(), Duration.ofSeconds(30),
                    null, null, IdentityProviderConfig.SenderConstraint.NONE,
                    new IdentityProviderConfig.ClaimsConfig(List.of("scope", "scp"), "roles", "tenant"),
                    new IdentityProviderConfig.KeysConfig(Duration.ofMinutes(1), Duration.ofHours(1),
                            Duration.ofSeconds(30), Duration.ofHours(24), Duration.ofSeconds(5)),
                    new IdentityProviderConfig.CacheConfig(100_000, Duration.ofMinutes(5)), null);
            List<String> errors = new ArrayList<>();
            authenticator = IdentityProviders.compile("bench", config, "bench", (f, m) -> errors.add(f + ": " + m));
            if (authenticator == null) {
                throw new IllegalStateException("identity provider refused: " + errors);
            }
            tokens = issuer.tokens(JWSAlgorithm.ES256, TOKENS);
            for (String token : tokens) {
                AuthOutcome outcome = authenticator.check(token).result();
                if (!(outcome instanceof AuthOutcome.Authenticated)) {
                    throw new IllegalStateException("token not authenticated: " + outcome);
                }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            Files.deleteIfExists(jwksFile);
        }

        String token() {
            String token = tokens[next];
            if (++next == TOKENS) {
                next = 0;
            }
            return token;
        }
    }

    @Benchmark
    public Future<AuthOutcome> cachedCheck(Cached s) {
        return s.authenticator.check(s.token());
    }

    /** Junk must be cheap to refuse: it is what an attacker can send at no cost to themselves. */
    @State(Scope.Thread)
    public static class Malformed {
        TokenVerifier verifier;
        KeySet keys;
        String notJson;
        String algNone;
        long now;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            keys = KeySetLoader.parse(new Issuer().jwks(), warning -> { });
            verifier = new TokenVerifier(rules());
            now = System.currentTimeMillis();
            String payload = Issuer.b64(Issuer.claims(now / 1000, now / 1000 + 3600));
            notJson = Issuer.b64("this is not json") + "." + payload + "." + Issuer.b64("signature");
            algNone = Issuer.b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".";
            for (String token : List.of(notJson, algNone)) {
                if (!(verifier.verify(token, keys, now) instanceof TokenVerifier.Refused)) {
                    throw new IllegalStateException("junk token not refused: " + token);
                }
            }
        }
    }

    @Benchmark
    public TokenVerifier.Result rejectHeaderNotJson(Malformed s) {
        return s.verifier.verify(s.notJson, s.keys, s.now);
    }

    @Benchmark
    public TokenVerifier.Result rejectAlgNone(Malformed s) {
        return s.verifier.verify(s.algNone, s.keys, s.now);
    }

    /** The rules {@link IdentityProviders#compile} would build for the provider the tokens come from. */
    static TokenRules rules() {
        return new TokenRules("jwt:bench", ISSUER,
                Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA),
                Set.of(AUDIENCE), List.of(), 30_000, 0, null, List.of("scope", "scp"), "roles", "tenant");
    }

    /** One RSA-2048, one P-256 and one Ed25519 key, and realistic access tokens signed by them. */
    static final class Issuer {
        final RSAKey rsa;
        final ECKey ec;
        final OctetKeyPair ed;

        Issuer() throws Exception {
            rsa = new RSAKeyGenerator(2048).keyID("rsa1").generate();
            ec = new ECKeyGenerator(Curve.P_256).keyID("ec1").generate();
            // BouncyCastle, not Nimbus: Nimbus's Ed25519 generator needs Tink.
            Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(new SecureRandom());
            ed = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(priv.generatePublicKey().getEncoded()))
                    .d(Base64URL.encode(priv.getEncoded())).keyID("ed1").build();
        }

        /** The public keys only, as an identity provider publishes them. */
        String jwks() {
            return new JWKSet(List.<JWK>of(rsa, ec, ed)).toString(true);
        }

        String[] tokens(JWSAlgorithm alg, int count) throws Exception {
            long now = System.currentTimeMillis() / 1000;
            String kid = alg.equals(JWSAlgorithm.ES256) ? "ec1" : alg.equals(JWSAlgorithm.EdDSA) ? "ed1" : "rsa1";
            String header = b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}");
            String[] out = new String[count];
            for (int i = 0; i < count; i++) {
                // Ten years out: the run must never see a token expire.
                String input = header + "." + b64(claims(now, now + 10L * 365 * 24 * 3600));
                out[i] = input + "." + sign(alg, input.getBytes(StandardCharsets.US_ASCII));
            }
            return out;
        }

        private String sign(JWSAlgorithm alg, byte[] input) throws Exception {
            if (alg.equals(JWSAlgorithm.RS256) || alg.equals(JWSAlgorithm.PS256)) {
                return new RSASSASigner(rsa).sign(new JWSHeader(alg), input).toString();
            }
            if (alg.equals(JWSAlgorithm.ES256)) {
                return new ECDSASigner(ec).sign(new JWSHeader(alg), input).toString();
            }
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, new Ed25519PrivateKeyParameters(ed.getDecodedD(), 0));
            signer.update(input, 0, input.length);
            return Base64URL.encode(signer.generateSignature()).toString();
        }

        static String claims(long iat, long exp) {
            return "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"alice\",\"exp\":" + exp
                    + ",\"iat\":" + iat + ",\"scope\":\"orders:read orders:write\",\"roles\":[\"buyer\"]"
                    + ",\"tenant\":\"acme\",\"jti\":\"" + UUID.randomUUID() + "\"}";
        }

        static String b64(String text) {
            return Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
        }
    }
}
