package io.vigil.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import io.vertx.core.Vertx;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.TestIssuer;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JWT attack suite: every hostile token gets the right status and challenge over a real
 * socket, the upstream sees nothing, and no key URL in a token header is ever contacted.
 */
class HostileTokenTest {

    static Vertx vertx;
    static EchoUpstream upstream;
    static TestIssuer issuer;
    static GatewayFixture gateway;
    static ServerSocket canary;
    static final AtomicInteger canaryConnections = new AtomicInteger();
    static RSAKey attackerRsa;
    static ECKey attackerEc;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        issuer = new TestIssuer();
        attackerRsa = new RSAKeyGenerator(2048).keyID("rsa1").generate();
        attackerEc = new ECKeyGenerator(Curve.P_256).keyID("ec1").generate();
        canary = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!canary.isClosed()) {
                try (Socket s = canary.accept()) {
                    canaryConnections.incrementAndGet();
                } catch (Exception e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        gateway = GatewayFixture.start("", """
                identityProviders:
                  corp:
                    issuer: "%1$s"
                    audiences: [ orders ]
                    keys: { unknownKidCooldown: 1h }
                  strict:
                    issuer: "%1$s"
                    audiences: [ orders ]
                    tokenType: at+jwt
                upstreams:
                  echo:
                    targets: [ "%2$s" ]
                routes:
                  - id: orders
                    path: /orders
                    upstream: echo
                    auth: [ jwt:corp ]
                  - id: write
                    path: /orders/write
                    upstream: echo
                    auth: [ jwt:corp ]
                    scopes: [ orders:write ]
                  - id: strict
                    path: /strict
                    upstream: echo
                    auth: [ jwt:strict ]
                """.formatted(issuer.issuer(), upstream.url()));
        String good = issuer.token().rs256();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> send("/orders", good).statusCode() == 200);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        issuer.close();
        upstream.close();
        canary.close();
        vertx.close();
    }

    static HttpResponse<String> send(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(path))).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    record Case(String name, Supplier<String> token, int status, String challenge) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String INVALID = "error=\"invalid_token\"";

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    static TestIssuer.Token token() {
        return issuer.token();
    }

    static TestIssuer.Token withHeader(String header) {
        return issuer.token().header(header);
    }

    static TestIssuer.Token withClaims(String claims) {
        return issuer.token().payload(claims);
    }

    static String claims(String extra) {
        return "{\"iss\":\"" + issuer.issuer() + "\",\"aud\":\"orders\",\"sub\":\"alice\"" + extra + "}";
    }

    static String valid(String extraClaims) {
        return claims(",\"exp\":" + (now() + 300) + extraClaims);
    }

    static String pem(byte[] der, String type) {
        return "-----BEGIN " + type + "-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static String es256Signature(BigInteger r, BigInteger s) {
        byte[] out = new byte[64];
        byte[] rb = fixed(r);
        byte[] sb = fixed(s);
        System.arraycopy(rb, 0, out, 0, 32);
        System.arraycopy(sb, 0, out, 32, 32);
        return Base64URL.encode(out).toString();
    }

    static byte[] fixed(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(32, raw.length);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }

    static final BigInteger P256_N = new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    static Stream<Case> cases() throws Exception {
        List<Case> c = new ArrayList<>();
        String rsaHeader = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"rsa1\"}";
        byte[] rsaDer = issuer.rsa.toRSAPublicKey().getEncoded();
        byte[] ecDer = issuer.ec.toECPublicKey().getEncoded();

        // alg none, in every spelling, with and without a signature.
        for (String alg : List.of("none", "None", "NONE", "nOnE", "none ", "")) {
            c.add(new Case("alg '" + alg + "' unsigned", () -> withHeader("{\"alg\":\"" + alg + "\"}").withSignature(""), 401, INVALID));
        }
        c.add(new Case("alg none with kid and an RS256 signature", () -> {
            String signed = token().rs256();
            return withHeader("{\"alg\":\"none\",\"kid\":\"rsa1\"}").withSignature(signed.substring(signed.lastIndexOf('.') + 1));
        }, 401, INVALID));
        c.add(new Case("alg missing", () -> withHeader("{\"typ\":\"JWT\",\"kid\":\"rsa1\"}").withSignature("AAAA"), 401, INVALID));
        c.add(new Case("alg null", () -> withHeader("{\"alg\":null,\"kid\":\"rsa1\"}").withSignature("AAAA"), 401, INVALID));
        c.add(new Case("alg a number", () -> withHeader("{\"alg\":0,\"kid\":\"rsa1\"}").withSignature("AAAA"), 401, INVALID));

        // Signatures stripped, moved and altered.
        c.add(new Case("signature stripped", () -> token().withSignature(""), 401, INVALID));
        c.add(new Case("signature from another token", () -> {
            String other = token().payload(valid(",\"scope\":\"admin\"")).rs256();
            return token().withSignature(other.substring(other.lastIndexOf('.') + 1));
        }, 401, INVALID));
        c.add(new Case("payload altered after signing", () -> {
            String signed = token().rs256();
            String[] parts = signed.split("\\.");
            return parts[0] + "." + TestIssuer.b64(valid(",\"sub\":\"admin\"")) + "." + parts[2];
        }, 401, INVALID));
        c.add(new Case("signature truncated", () -> {
            String signed = token().rs256();
            return signed.substring(0, signed.length() - 10);
        }, 401, INVALID));
        c.add(new Case("signature bit flipped", () -> {
            String signed = token().rs256();
            char last = signed.charAt(signed.length() - 2);
            return signed.substring(0, signed.length() - 2) + (last == 'A' ? 'B' : 'A') + signed.charAt(signed.length() - 1);
        }, 401, INVALID));
        c.add(new Case("signature not base64url", () -> token().withSignature("a*b"), 401, INVALID));
        c.add(new Case("RS256 header, signed by another RSA key with the same kid", () ->
                token().signRsa(attackerRsa, JWSAlgorithm.RS256), 401, INVALID));
        c.add(new Case("PS256 forged with another key", () ->
                withHeader("{\"alg\":\"PS256\",\"kid\":\"rsa1\"}").signRsa(attackerRsa, JWSAlgorithm.PS256), 401, INVALID));

        // Key confusion: HS* keyed with the provider's public key in each form.
        c.add(new Case("HS256 keyed with the RSA public key (PEM)", () ->
                withHeader("{\"alg\":\"HS256\",\"kid\":\"rsa1\"}").hmac(pem(rsaDer, "PUBLIC KEY").getBytes(), JWSAlgorithm.HS256), 401, INVALID));
        c.add(new Case("HS256 keyed with the RSA public key (DER)", () ->
                withHeader("{\"alg\":\"HS256\",\"kid\":\"rsa1\"}").hmac(rsaDer, JWSAlgorithm.HS256), 401, INVALID));
        c.add(new Case("HS256 keyed with the RSA public key (JWK)", () ->
                withHeader("{\"alg\":\"HS256\",\"kid\":\"rsa1\"}").hmac(issuer.rsa.toPublicJWK().toJSONString().getBytes(), JWSAlgorithm.HS256), 401, INVALID));
        c.add(new Case("HS256 keyed with the EC public key (PEM)", () ->
                withHeader("{\"alg\":\"HS256\",\"kid\":\"ec1\"}").hmac(pem(ecDer, "PUBLIC KEY").getBytes(), JWSAlgorithm.HS256), 401, INVALID));
        c.add(new Case("HS384 keyed with the RSA public key (PEM)", () ->
                withHeader("{\"alg\":\"HS384\",\"kid\":\"rsa1\"}").hmac(pem(rsaDer, "PUBLIC KEY").getBytes(), JWSAlgorithm.HS384), 401, INVALID));
        c.add(new Case("HS512 keyed with the RSA modulus", () ->
                withHeader("{\"alg\":\"HS512\"}").hmac(issuer.rsa.getModulus().decode(), JWSAlgorithm.HS512), 401, INVALID));
        c.add(new Case("HS256 without kid keyed with the PEM", () ->
                withHeader("{\"alg\":\"HS256\"}").hmac(pem(rsaDer, "PUBLIC KEY").getBytes(), JWSAlgorithm.HS256), 401, INVALID));

        // Keys carried by the token itself must never be used or fetched.
        String attackerJwk = attackerRsa.toPublicJWK().toJSONString();
        String canaryUrl = "http://127.0.0.1:" + canary.getLocalPort() + "/jwks";
        c.add(new Case("embedded jwk, no kid", () ->
                withHeader("{\"alg\":\"RS256\",\"jwk\":" + attackerJwk + "}").signRsa(attackerRsa, JWSAlgorithm.RS256), 401, INVALID));
        c.add(new Case("embedded jwk with the real kid", () ->
                withHeader("{\"alg\":\"RS256\",\"kid\":\"rsa1\",\"jwk\":" + attackerJwk + "}").signRsa(attackerRsa, JWSAlgorithm.RS256), 401, INVALID));
        c.add(new Case("jku pointing at an attacker listener", () ->
                withHeader("{\"alg\":\"RS256\",\"kid\":\"evil\",\"jku\":\"" + canaryUrl + "\"}").signRsa(attackerRsa, JWSAlgorithm.RS256), 401, INVALID));
        c.add(new Case("jku with the real kid", () ->
                withHeader("{\"alg\":\"RS256\",\"kid\":\"rsa1\",\"jku\":\"" + canaryUrl + "\"}").signRsa(attackerRsa, JWSAlgorithm.RS256), 401, INVALID));
        c.add(new Case("x5u pointing at an attacker listener", () ->
                withHeader("{\"alg\":\"RS256\",\"kid\":\"evil2\",\"x5u\":\"" + canaryUrl + "\"}").signRsa(attackerRsa, JWSAlgorithm.RS256), 401, INVALID));
        String cert = Base64.encode(attackerRsa.toRSAPublicKey().getEncoded()).toString();
        c.add(new Case("x5c with the attacker's key", () -> {
            return withHeader("{\"alg\":\"RS256\",\"x5c\":[\"" + cert + "\"]}").signRsa(attackerRsa, JWSAlgorithm.RS256);
        }, 401, INVALID));

        // kid injections: never a path, query or command, just a name that is not ours.
        for (String kid : List.of("../../../../../../dev/null", "' OR '1'='1", "$(touch /tmp/vigil-pwned)", "rsa1\\u0000",
                "", "x".repeat(4000), "rsa1/../rsa1", "%2e%2e%2f")) {
            c.add(new Case("kid injection " + (kid.length() > 40 ? "very long" : "'" + kid + "'"), () ->
                    withHeader("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}").signRsa(attackerRsa, JWSAlgorithm.RS256), 401, INVALID));
        }
        c.add(new Case("kid a number", () -> withHeader("{\"alg\":\"RS256\",\"kid\":7}").rs256(), 401, INVALID));

        // ECDSA: out-of-range and degenerate signatures (CVE-2022-21449 and friends).
        String ecHeader = "{\"alg\":\"ES256\",\"kid\":\"ec1\"}";
        c.add(new Case("ES256 r=0 s=0", () -> withHeader(ecHeader).withSignature(es256Signature(BigInteger.ZERO, BigInteger.ZERO)), 401, INVALID));
        c.add(new Case("ES256 r=1 s=0", () -> withHeader(ecHeader).withSignature(es256Signature(BigInteger.ONE, BigInteger.ZERO)), 401, INVALID));
        c.add(new Case("ES256 r=n s=n", () -> withHeader(ecHeader).withSignature(es256Signature(P256_N, P256_N)), 401, INVALID));
        c.add(new Case("ES256 r=n-1 s=n+1 (wrapped)", () -> withHeader(ecHeader).withSignature(
                es256Signature(P256_N.subtract(BigInteger.ONE), P256_N.add(BigInteger.ONE))), 401, INVALID));
        c.add(new Case("ES256 signature of 65 bytes", () -> withHeader(ecHeader).withSignature(Base64URL.encode(new byte[65]).toString()), 401, INVALID));
        c.add(new Case("ES256 signature in DER form", () -> {
            String signed = withHeader(ecHeader).es256();
            byte[] raw = Base64URL.from(signed.substring(signed.lastIndexOf('.') + 1)).decode();
            try {
                byte[] der = com.nimbusds.jose.crypto.impl.ECDSA.transcodeSignatureToDER(raw);
                return withHeader(ecHeader).withSignature(Base64URL.encode(der).toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, 401, INVALID));
        c.add(new Case("ES256 forged with another P-256 key", () -> withHeader(ecHeader).signEc(attackerEc, JWSAlgorithm.ES256), 401, INVALID));
        c.add(new Case("ES256 header naming the RSA key", () ->
                withHeader("{\"alg\":\"ES256\",\"kid\":\"rsa1\"}").signEc(attackerEc, JWSAlgorithm.ES256), 401, INVALID));
        c.add(new Case("RS256 header naming the EC key", () ->
                withHeader("{\"alg\":\"RS256\",\"kid\":\"ec1\"}").signRsa(attackerRsa, JWSAlgorithm.RS256), 401, INVALID));
        c.add(new Case("ES384, not an accepted algorithm", () -> withHeader("{\"alg\":\"ES384\",\"kid\":\"ec1\"}")
                .withSignature(Base64URL.encode(new byte[96]).toString()), 401, INVALID));
        c.add(new Case("EdDSA all-zero signature", () -> withHeader("{\"alg\":\"EdDSA\",\"kid\":\"ed1\"}")
                .withSignature(Base64URL.encode(new byte[64]).toString()), 401, INVALID));
        c.add(new Case("EdDSA signature truncated", () -> {
            String signed = withHeader("{\"alg\":\"EdDSA\",\"kid\":\"ed1\"}").eddsa();
            return signed.substring(0, signed.length() - 4);
        }, 401, INVALID));

        // Time: expiry and not-before around the 30 s skew.
        c.add(new Case("expired 31 s ago (beyond skew)", () -> withClaims(claims(",\"exp\":" + (now() - 31))).rs256(), 401, "expired"));
        c.add(new Case("expired a year ago", () -> withClaims(claims(",\"exp\":" + (now() - 31_536_000))).rs256(), 401, INVALID));
        c.add(new Case("expired 20 s ago (within skew) is accepted", () -> withClaims(claims(",\"exp\":" + (now() - 20))).rs256(), 200, null));
        c.add(new Case("nbf 60 s ahead", () -> withClaims(valid(",\"nbf\":" + (now() + 60))).rs256(), 401, "not valid yet"));
        c.add(new Case("nbf 20 s ahead (within skew) is accepted", () -> withClaims(valid(",\"nbf\":" + (now() + 20))).rs256(), 200, null));
        c.add(new Case("iat an hour ahead", () -> withClaims(valid(",\"iat\":" + (now() + 3600))).rs256(), 401, INVALID));
        c.add(new Case("no exp", () -> withClaims(claims("")).rs256(), 401, INVALID));
        c.add(new Case("exp a string", () -> withClaims(claims(",\"exp\":\"" + (now() + 300) + "\"")).rs256(), 401, INVALID));
        c.add(new Case("exp 1e300", () -> withClaims(claims(",\"exp\":1e300")).rs256(), 401, INVALID));
        c.add(new Case("exp 2^70 (integer overflow)", () -> withClaims(claims(",\"exp\":1180591620717411303424")).rs256(), 401, INVALID));
        c.add(new Case("exp Long.MAX_VALUE", () -> withClaims(claims(",\"exp\":9223372036854775807")).rs256(), 401, INVALID));
        c.add(new Case("exp seconds that overflow as milliseconds", () -> withClaims(claims(",\"exp\":9223372036854776")).rs256(), 401, INVALID));
        c.add(new Case("exp negative", () -> withClaims(claims(",\"exp\":-1")).rs256(), 401, INVALID));
        c.add(new Case("nbf a boolean", () -> withClaims(valid(",\"nbf\":true")).rs256(), 401, INVALID));

        // Issuer and audience.
        c.add(new Case("wrong issuer", () -> withClaims(valid("").replace(issuer.issuer(), "https://evil.example")).rs256(), 401, "another issuer"));
        c.add(new Case("issuer with a trailing slash", () -> withClaims(valid("").replace(issuer.issuer(), issuer.issuer() + "/")).rs256(), 401, INVALID));
        c.add(new Case("no issuer", () -> withClaims("{\"aud\":\"orders\",\"sub\":\"alice\",\"exp\":" + (now() + 300) + "}").rs256(), 401, INVALID));
        c.add(new Case("wrong audience", () -> withClaims(valid("").replace("\"orders\"", "\"billing\"")).rs256(), 401, "audience"));
        c.add(new Case("audience list without ours", () -> withClaims(valid("").replace("\"orders\"", "[\"billing\",\"ordersX\"]")).rs256(), 401, INVALID));
        c.add(new Case("no audience", () -> withClaims("{\"iss\":\"" + issuer.issuer() + "\",\"sub\":\"alice\",\"exp\":" + (now() + 300) + "}").rs256(), 401, INVALID));
        c.add(new Case("audience a number", () -> withClaims(valid("").replace("\"orders\"", "7")).rs256(), 401, INVALID));
        c.add(new Case("no subject", () -> withClaims(valid("").replace("\"sub\":\"alice\",", "")).rs256(), 401, INVALID));
        c.add(new Case("subject a number", () -> withClaims(valid("").replace("\"alice\"", "42")).rs256(), 401, INVALID));
        c.add(new Case("bound by cnf.jwk, which is not checked, presented as bearer", () ->
                withClaims(valid(",\"cnf\":{\"jwk\":" + attackerJwk + "}")).rs256(), 401, INVALID));
        c.add(new Case("cnf not an object", () -> withClaims(valid(",\"cnf\":\"x\"")).rs256(), 401, INVALID));
        c.add(new Case("cnf with a null jkt", () -> withClaims(valid(",\"cnf\":{\"jkt\":null}")).rs256(), 401, INVALID));
        c.add(new Case("scope a number", () -> withClaims(valid(",\"scope\":5")).rs256(), 401, INVALID));

        // Tokens of other kinds.
        c.add(new Case("ID token (audience is the client) as access token", () -> withClaims(valid(",\"nonce\":\"n\",\"at_hash\":\"x\"")
                .replace("\"orders\"", "\"web-client\"")).rs256(), 401, INVALID));
        c.add(new Case("typ dpop+jwt", () -> withHeader("{\"alg\":\"RS256\",\"kid\":\"rsa1\",\"typ\":\"dpop+jwt\"}").rs256(), 401, INVALID));
        c.add(new Case("typ logout+jwt", () -> withHeader("{\"alg\":\"RS256\",\"kid\":\"rsa1\",\"typ\":\"logout+jwt\"}").rs256(), 401, INVALID));
        c.add(new Case("crit naming exp", () -> withHeader("{\"alg\":\"RS256\",\"kid\":\"rsa1\",\"crit\":[\"exp\"],\"exp\":1}").rs256(), 401, INVALID));
        c.add(new Case("crit b64=false", () -> withHeader("{\"alg\":\"RS256\",\"kid\":\"rsa1\",\"crit\":[\"b64\"],\"b64\":false}").rs256(), 401, INVALID));
        c.add(new Case("JWE where a JWS is expected", () -> {
            try {
                JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM),
                        new Payload(valid("")));
                jwe.encrypt(new RSAEncrypter(issuer.rsa.toRSAPublicKey()));
                return jwe.serialize();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, 401, "JWE"));

        // Structure.
        c.add(new Case("duplicate alg in the header", () -> withHeader("{\"alg\":\"RS256\",\"kid\":\"rsa1\",\"alg\":\"none\"}").rs256(), 401, INVALID));
        c.add(new Case("duplicate sub in the payload", () -> withClaims(valid(",\"sub\":\"admin\"")).rs256(), 401, INVALID));
        c.add(new Case("oversized token", () -> withClaims(valid(",\"pad\":\"" + "x".repeat(9_500) + "\"")).rs256(), 401, INVALID));
        c.add(new Case("two segments", () -> TestIssuer.b64(rsaHeader) + "." + TestIssuer.b64(valid("")), 401, INVALID));
        c.add(new Case("four segments", () -> token().rs256() + ".AAAA", 401, INVALID));
        c.add(new Case("one segment", () -> TestIssuer.b64(rsaHeader), 401, INVALID));
        c.add(new Case("empty segments", () -> "..", 401, INVALID));
        c.add(new Case("header not JSON", () -> TestIssuer.b64("not json") + "." + TestIssuer.b64(valid("")) + ".AAAA", 401, INVALID));
        c.add(new Case("header a JSON array", () -> TestIssuer.b64("[\"RS256\"]") + "." + TestIssuer.b64(valid("")) + ".AAAA", 401, INVALID));
        c.add(new Case("payload not JSON (signed)", () -> withClaims("hello").rs256(), 401, INVALID));
        c.add(new Case("payload a JSON array (signed)", () -> withClaims("[1,2]").rs256(), 401, INVALID));
        c.add(new Case("unknown kid", () -> withHeader("{\"alg\":\"RS256\",\"kid\":\"rotated-away\"}").signRsa(attackerRsa, JWSAlgorithm.RS256), 401, "does not publish")
        );
        c.add(new Case("a valid token (control)", () -> token().rs256(), 200, null));
        c.add(new Case("a valid ES256 token (control)", () -> withHeader(ecHeader).es256(), 200, null));
        c.add(new Case("a valid EdDSA token (control)", () -> withHeader("{\"alg\":\"EdDSA\",\"kid\":\"ed1\"}").eddsa(), 200, null));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileTokenIsRefused(Case c) throws Exception {
        int before = upstream.requests.get();
        HttpResponse<String> response = send("/orders", c.token().get());
        assertThat(response.statusCode()).as(c.name() + ": " + response.body()).isEqualTo(c.status());
        if (c.status() == 200) {
            assertThat(upstream.requests.get()).isEqualTo(before + 1);
            return;
        }
        String challenge = response.headers().firstValue("www-authenticate").orElse("");
        assertThat(challenge).startsWith("Bearer realm=\"vigil\"").contains(INVALID).contains(c.challenge());
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(upstream.requests.get()).as("upstream must see nothing").isEqualTo(before);
        assertThat(canaryConnections.get()).as("no key URL from a token is ever contacted").isZero();
    }

    @Test
    void caseTableIsLargeEnough() throws Exception {
        assertThat(cases().count()).isGreaterThanOrEqualTo(60);
    }

    @Test
    void noCredentialGetsABareChallenge() throws Exception {
        HttpResponse<String> response = send("/orders", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"vigil\"");
    }

    @Test
    void anotherSchemeIsNoCredential() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.url("/orders")))
                .header("Authorization", "Basic YWxpY2U6c2VjcmV0").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"vigil\"");
    }

    @Test
    void schemeIsCaseInsensitive() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.url("/orders")))
                .header("Authorization", "bEaReR " + token().rs256()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void twoAuthorizationHeadersAreAnInvalidRequest() throws Exception {
        int before = upstream.requests.get();
        String raw = "GET /orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token().rs256()
                + "\r\nAuthorization: Bearer " + token().rs256() + "\r\n\r\n";
        String response = io.vigil.testing.RawHttp.send(gateway.port(), raw, 1000).text();
        assertThat(response).startsWith("HTTP/1.1 400").contains("error=\"invalid_request\"");
        assertThat(upstream.requests.get()).isEqualTo(before);
    }

    @Test
    void tokenInTheQueryStringIsAnInvalidRequest() throws Exception {
        for (String query : List.of("access_token=", "a=1&access_token=x", "access%5Ftoken=x")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create(gateway.url("/orders?" + query + (query.endsWith("=") ? token().rs256() : "")))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("www-authenticate").orElse("")).contains("error=\"invalid_request\"");
        }
    }

    @Test
    void emptyBearerIsAnInvalidRequest() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.url("/orders")))
                .header("Authorization", "Bearer").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("www-authenticate").orElse("")).contains("error=\"invalid_request\"");
    }

    @Test
    void missingScopeIsForbiddenWithTheScopeNamed() throws Exception {
        HttpResponse<String> response = send("/orders/write", token().rs256());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("www-authenticate").orElse(""))
                .contains("error=\"insufficient_scope\"").contains("scope=\"orders:write\"");
        HttpResponse<String> granted = send("/orders/write", withClaims(valid(",\"scope\":\"orders:read orders:write\"")).rs256());
        assertThat(granted.statusCode()).isEqualTo(200);
        HttpResponse<String> scp = send("/orders/write", withClaims(valid(",\"scp\":[\"orders:write\"]")).rs256());
        assertThat(scp.statusCode()).isEqualTo(200);
    }

    @Test
    void providerRequiringAccessTokenTypeRefusesIdTokens() throws Exception {
        assertThat(send("/strict", token().rs256()).statusCode()).isEqualTo(401);
        String at = withHeader("{\"alg\":\"RS256\",\"kid\":\"rsa1\",\"typ\":\"at+jwt\"}").rs256();
        assertThat(send("/strict", at).statusCode()).isEqualTo(200);
        String media = withHeader("{\"alg\":\"RS256\",\"kid\":\"rsa1\",\"typ\":\"application/at+jwt\"}").rs256();
        assertThat(send("/strict", media).statusCode()).isEqualTo(200);
    }

    @Test
    void decisionLogNamesTheReasonAndNeverTheToken() throws Exception {
        String expired = withClaims(claims(",\"exp\":" + (now() - 3600))).rs256();
        HttpResponse<String> response = send("/orders", expired);
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                java.nio.file.Files.readString(gateway.decisions()).contains(requestId));
        String log = java.nio.file.Files.readString(gateway.decisions(), StandardCharsets.UTF_8);
        assertThat(log).contains("token_expired").doesNotContain(expired.substring(0, 40));
    }
}
