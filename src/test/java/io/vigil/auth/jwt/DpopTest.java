package io.vigil.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Vertx;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DPoP (RFC 9449) over real sockets: a bound token needs a fresh, matching proof from its key. */
class DpopTest {

    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static Vertx vertx;
    static EchoUpstream upstream;
    static TestIssuer issuer;
    static GatewayFixture gateway;
    static ECKey client;
    static ECKey other;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        issuer = new TestIssuer();
        client = new ECKeyGenerator(Curve.P_256).generate();
        other = new ECKeyGenerator(Curve.P_256).generate();
        gateway = GatewayFixture.start("", """
                identityProviders:
                  corp: { issuer: "%1$s", audiences: [ orders ] }
                  strict: { issuer: "%1$s", audiences: [ orders ], senderConstraint: dpop }
                upstreams:
                  echo: { targets: [ "%2$s" ] }
                routes:
                  - { id: orders, path: /orders, upstream: echo, auth: [ jwt:corp ] }
                  - { id: strict, path: /strict, upstream: echo, auth: [ jwt:strict ] }
                """.formatted(issuer.issuer(), upstream.url()));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> http.send(HttpRequest.newBuilder(
                URI.create(gateway.url("/orders"))).header("Authorization", "Bearer " + issuer.token().rs256()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        issuer.close();
        upstream.close();
        vertx.close();
    }

    static String boundToken(ECKey key) throws Exception {
        return issuer.token().payload("{\"iss\":\"" + issuer.issuer() + "\",\"aud\":\"orders\",\"sub\":\"alice\",\"exp\":"
                + (System.currentTimeMillis() / 1000 + 300) + ",\"cnf\":{\"jkt\":\"" + key.computeThumbprint() + "\"}}").rs256();
    }

    /** A proof for GET {url} and {token}, signed by {key}; {tweak} changes what the test needs changed. */
    static String proof(ECKey key, String method, String url, String token, Consumer<JWTClaimsSet.Builder> tweak,
            JWSHeader header) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
                .claim("htm", method).claim("htu", url).issueTime(new Date())
                .claim("ath", DpopProofs.accessTokenHash(token));
        tweak.accept(claims);
        SignedJWT jwt = new SignedJWT(header != null ? header : new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("dpop+jwt")).jwk(key.toPublicJWK()).build(), claims.build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    /** A proof whose header carries the private key too (Nimbus refuses to build one, so by hand). */
    static String privateKeyProof(String url, String token) throws Exception {
        String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + client.toJSONString() + "}";
        String claims = "{\"jti\":\"" + UUID.randomUUID() + "\",\"htm\":\"GET\",\"htu\":\"" + url + "\",\"iat\":"
                + System.currentTimeMillis() / 1000 + ",\"ath\":\"" + DpopProofs.accessTokenHash(token) + "\"}";
        String input = TestIssuer.b64(header) + "." + TestIssuer.b64(claims);
        return input + "." + new ECDSASigner(client).sign(new JWSHeader(JWSAlgorithm.ES256), input.getBytes());
    }

    static String proof(ECKey key, String path, String token) throws Exception {
        return proof(key, "GET", gateway.url(path), token, c -> { }, null);
    }

    static HttpResponse<String> call(String path, String scheme, String token, String... proofs) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(path))).timeout(Duration.ofSeconds(10))
                .header("Authorization", scheme + " " + token);
        for (String p : proofs) {
            request.header("DPoP", p);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertProofRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate").orElse(""))
                .startsWith("DPoP realm=\"vigil\"").contains("error=\"invalid_dpop_proof\"").contains("algs=\"ES256");
    }

    @Test
    void boundTokenWithAFreshProofPasses() throws Exception {
        String token = boundToken(client);
        assertThat(call("/orders", "DPoP", token, proof(client, "/orders", token)).statusCode()).isEqualTo(200);
        // htu is compared without the query.
        assertThat(call("/orders?page=2", "DPoP", token, proof(client, "/orders", token)).statusCode()).isEqualTo(200);
    }

    @Test
    void badProofsAreRefused() throws Exception {
        String token = boundToken(client);
        String url = gateway.url("/orders");
        String replayed = proof(client, "/orders", token);
        assertThat(call("/orders", "DPoP", token, replayed).statusCode()).isEqualTo(200);
        assertProofRefused(call("/orders", "DPoP", token, replayed));
        assertProofRefused(call("/orders", "DPoP", token));
        assertProofRefused(call("/orders", "DPoP", token, proof(client, "/orders", token), proof(client, "/orders", token)));
        assertProofRefused(call("/orders", "DPoP", token, proof(client, "POST", url, token, c -> { }, null)));
        assertProofRefused(call("/orders", "DPoP", token, proof(client, "GET", gateway.url("/other"), token, c -> { }, null)));
        assertProofRefused(call("/orders", "DPoP", token, proof(client, "GET", url.replace("127.0.0.1", "evil.example"), token,
                c -> { }, null)));
        assertProofRefused(call("/orders", "DPoP", token, proof(client, "GET", url, token,
                c -> c.issueTime(new Date(System.currentTimeMillis() - 600_000)), null)));
        assertProofRefused(call("/orders", "DPoP", token, proof(client, "GET", url, token,
                c -> c.issueTime(new Date(System.currentTimeMillis() + 600_000)), null)));
        assertProofRefused(call("/orders", "DPoP", token, proof(client, "GET", url, token, c -> c.claim("ath", "wrong"), null)));
        assertProofRefused(call("/orders", "DPoP", token, proof(client, "GET", url, token, c -> c.claim("ath", null), null)));
        assertProofRefused(call("/orders", "DPoP", token, proof(client, "GET", url, token, c -> c.jwtID(null), null)));
        // Signed by a key the token is not bound to.
        assertProofRefused(call("/orders", "DPoP", token, proof(other, "/orders", token)));
        // typ must be dpop+jwt; the jwk must be public.
        assertProofRefused(call("/orders", "DPoP", token, proof(client, "GET", url, token, c -> { },
                new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).jwk(client.toPublicJWK()).build())));
        assertProofRefused(call("/orders", "DPoP", token, privateKeyProof(url, token)));
        assertProofRefused(call("/orders", "DPoP", token, "not.a.proof"));
    }

    @Test
    void bindingIsEnforcedBothWays() throws Exception {
        String bound = boundToken(client);
        HttpResponse<String> asBearer = call("/orders", "Bearer", bound);
        assertThat(asBearer.statusCode()).isEqualTo(401);
        assertThat(asBearer.body()).contains("token_binding_mismatch");
        String unbound = issuer.token().rs256();
        HttpResponse<String> unboundDpop = call("/orders", "DPoP", unbound, proof(client, "/orders", unbound));
        assertThat(unboundDpop.statusCode()).isEqualTo(401);
        assertThat(unboundDpop.headers().firstValue("www-authenticate").orElse("")).startsWith("DPoP realm=\"vigil\"")
                .contains("invalid_token");
    }

    @Test
    void providerDemandingDpopRefusesBearerTokensAndSaysSo() throws Exception {
        HttpResponse<String> bearer = call("/strict", "Bearer", issuer.token().rs256());
        assertThat(bearer.statusCode()).isEqualTo(401);
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(gateway.url("/strict"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.headers().firstValue("www-authenticate").orElse("")).startsWith("DPoP realm=\"vigil\", algs=");
        String token = boundToken(client);
        assertThat(call("/strict", "DPoP", token, proof(client, "/strict", token)).statusCode()).isEqualTo(200);
    }
}
