package io.vigil.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Keys and tokens for {@code bench/auth.sh}: one P-256 key (kid {@code es}) and one RSA-2048 key
 * (kid {@code rs}), a JWKS with their public halves, and token files, one compact JWS a line.
 *
 * <pre>
 * java -cp bench/jmh/target/benchmarks.jar io.vigil.bench.BenchTokens OUTDIR N [N_RS256 [WARM]]
 *
 * OUTDIR/jwks.json        public keys only
 * OUTDIR/warm-es256.txt   WARM (default 1000) ES256 tokens
 * OUTDIR/warm-rs256.txt   WARM RS256 tokens
 * OUTDIR/cold-es256.txt   N ES256 tokens
 * OUTDIR/cold-rs256.txt   N_RS256 (default N) RS256 tokens
 * OUTDIR/tokens.json      what was written: counts, iat, exp
 * </pre>
 *
 * Every token is distinct (own {@code sub} index and random {@code jti}); claims are what the
 * bench provider in {@code bench/vigil-auth-bench.yaml} requires: iss https://bench.vigil.test,
 * aud bench, scope bench:read, exp six hours out. Signing runs on every core.
 */
public final class BenchTokens {

    static final String ISSUER = "https://bench.vigil.test";
    static final String AUDIENCE = "bench";
    static final String SCOPE = "bench:read";
    static final long LIFETIME_SECONDS = 6 * 3600;
    private static final int CHUNK = 4096;

    private BenchTokens() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 4) {
            System.err.println("usage: BenchTokens OUTDIR N [N_RS256 [WARM]]   (cold tokens: N ES256 and N_RS256 RS256,"
                    + " default N; WARM warm tokens per algorithm, default 1000)");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int coldEs = Integer.parseInt(args[1]);
        int coldRs = args.length > 2 ? Integer.parseInt(args[2]) : coldEs;
        int warm = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        if (coldEs < 1 || coldRs < 1 || warm < 1) {
            throw new IllegalArgumentException("token counts must be >= 1");
        }
        Files.createDirectories(out);
        // An interrupted run must not leave a tokens.json that describes other files.
        Files.deleteIfExists(out.resolve("tokens.json"));

        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("es").keyUse(KeyUse.SIGNATURE).generate();
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rs").keyUse(KeyUse.SIGNATURE).generate();
        Files.writeString(out.resolve("jwks.json"),
                new JWKSet(List.<JWK>of(ec.toPublicJWK(), rsa.toPublicJWK())).toString(true) + "\n");

        long iat = System.currentTimeMillis() / 1000;
        long exp = iat + LIFETIME_SECONDS;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long t0 = System.nanoTime();
            // The sub index runs on across files, so no two files share a subject either.
            write(pool, out.resolve("warm-es256.txt"), ec, JWSAlgorithm.ES256, 0, warm, iat, exp);
            write(pool, out.resolve("warm-rs256.txt"), rsa, JWSAlgorithm.RS256, warm, warm, iat, exp);
            write(pool, out.resolve("cold-es256.txt"), ec, JWSAlgorithm.ES256, 2L * warm, coldEs, iat, exp);
            write(pool, out.resolve("cold-rs256.txt"), rsa, JWSAlgorithm.RS256, 2L * warm + coldEs, coldRs, iat, exp);
            double secs = (System.nanoTime() - t0) / 1e9;
            // Written last: its presence says the token files are complete.
            Files.writeString(out.resolve("tokens.json"), String.format(
                    "{\"issuer\":\"%s\",\"audience\":\"%s\",\"scope\":\"%s\",\"iat\":%d,\"exp\":%d,"
                            + "\"warm\":%d,\"cold_es256\":%d,\"cold_rs256\":%d,"
                            + "\"kids\":{\"ES256\":\"es\",\"RS256\":\"rs\"},\"threads\":%d,\"seconds\":%.1f}%n",
                    ISSUER, AUDIENCE, SCOPE, iat, exp, warm, coldEs, coldRs, threads, secs));
            System.err.printf("BenchTokens: %d+%d warm, %d ES256 + %d RS256 cold tokens in %.1fs on %d threads -> %s%n",
                    warm, warm, coldEs, coldRs, secs, threads, out);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Signs {@code count} tokens in chunks across the pool and writes them in order. */
    private static void write(ExecutorService pool, Path file, JWK key, JWSAlgorithm alg, long firstSub, int count,
            long iat, long exp) throws Exception {
        JWSHeader header = new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build();
        List<Future<String[]>> chunks = new ArrayList<>();
        for (int from = 0; from < count; from += CHUNK) {
            int start = from;
            int n = Math.min(CHUNK, count - from);
            chunks.add(pool.submit(() -> sign(signer(key), header, firstSub + start, n, iat, exp)));
        }
        long t0 = System.nanoTime();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (Future<String[]> chunk : chunks) {
                for (String token : chunk.get()) {
                    w.write(token);
                    w.write('\n');
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.err.printf("BenchTokens: %s: %d %s tokens in %.1fs (%.0f/s)%n", file.getFileName(), count, alg, secs,
                count / secs);
    }

    private static JWSSigner signer(JWK key) throws JOSEException {
        if (key instanceof ECKey ec) {
            // BouncyCastle: JDK 17's SunEC signs P-256 several times slower.
            ECDSASigner signer = new ECDSASigner(ec);
            signer.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
            return signer;
        }
        return new RSASSASigner((RSAKey) key);
    }

    private static String[] sign(JWSSigner signer, JWSHeader header, long firstSub, int n, long iat, long exp)
            throws JOSEException {
        String[] tokens = new String[n];
        for (int i = 0; i < n; i++) {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(ISSUER)
                    .audience(AUDIENCE)
                    .subject("user-" + (firstSub + i))
                    .issueTime(new Date(iat * 1000))
                    .expirationTime(new Date(exp * 1000))
                    .claim("scope", SCOPE)
                    .jwtID(UUID.randomUUID().toString())
                    .build();
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            tokens[i] = jwt.serialize();
        }
        return tokens;
    }
}
