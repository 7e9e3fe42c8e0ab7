package io.vigil.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vertx.core.Vertx;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key rotation and identity-provider outages against a real discovery endpoint and JWKS: new keys
 * after one refetch, removed keys refused, a storm of unknown kids costs at most one fetch per
 * cool-down, an unreachable provider is served from cache until maxStale, then 503.
 */
class KeyRotationTest {

    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    Vertx vertx;
    EchoUpstream upstream;
    TestIssuer issuer;
    GatewayFixture gateway;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        issuer = new TestIssuer();
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        issuer.close();
        upstream.close();
        vertx.close();
    }

    void startGateway(String keys) throws Exception {
        gateway = GatewayFixture.start("", """
                identityProviders:
                  corp:
                    issuer: "%s"
                    audiences: [ orders ]
                    keys: { %s }
                upstreams:
                  echo:
                    targets: [ "%s" ]
                routes:
                  - id: orders
                    path: /orders
                    upstream: echo
                    auth: [ jwt:corp ]
                """.formatted(issuer.issuer(), keys, upstream.url()));
    }

    HttpResponse<String> send(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.url("/orders"))).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    String signedBy(RSAKey key) {
        return issuer.token().header("{\"alg\":\"RS256\",\"kid\":\"" + key.getKeyID() + "\"}").signRsa(key, JWSAlgorithm.RS256);
    }

    @Test
    void keysAreDiscoveredAndFetchedOnceAtStart() throws Exception {
        startGateway("unknownKidCooldown: 1s");
        await().atMost(Duration.ofSeconds(5)).until(() -> issuer.jwksFetches.get() == 1);
        for (int i = 0; i < 20; i++) {
            assertThat(send(issuer.token().rs256()).statusCode()).isEqualTo(200);
        }
        assertThat(issuer.discoveryFetches.get()).isEqualTo(1);
        assertThat(issuer.jwksFetches.get()).isEqualTo(1);
    }

    @Test
    void rotatedInKeyIsPickedUpAfterOneRefetchAndRemovedKeyIsRefused() throws Exception {
        startGateway("unknownKidCooldown: 1s");
        String old = issuer.token().rs256();
        await().atMost(Duration.ofSeconds(5)).until(() -> send(old).statusCode() == 200);
        int fetches = issuer.jwksFetches.get();

        RSAKey next = new RSAKeyGenerator(2048).keyID("rsa2").generate();
        issuer.publish(next);
        Thread.sleep(1100);
        HttpResponse<String> rotated = send(signedBy(next));
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        assertThat(issuer.jwksFetches.get()).isEqualTo(fetches + 1);

        // rsa1 is gone from the set: its token, even one verified (and cached) before, is refused.
        HttpResponse<String> removed = send(old);
        assertThat(removed.statusCode()).isEqualTo(401);
        assertThat(removed.headers().firstValue("www-authenticate").orElse("")).contains("invalid_token");
    }

    @Test
    void stormOfUnknownKidsCostsAtMostOneFetchPerCooldown() throws Exception {
        startGateway("unknownKidCooldown: 1h");
        await().atMost(Duration.ofSeconds(5)).until(() -> send(issuer.token().rs256()).statusCode() == 200);
        int fetches = issuer.jwksFetches.get();
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("x").generate();
        for (int i = 0; i < 200; i++) {
            String token = issuer.token().header("{\"alg\":\"RS256\",\"kid\":\"random-" + i + "\"}")
                    .signRsa(attacker, JWSAlgorithm.RS256);
            assertThat(send(token).statusCode()).isEqualTo(401);
        }
        assertThat(issuer.jwksFetches.get() - fetches).isLessThanOrEqualTo(1);
    }

    @Test
    void failingProviderIsServedFromCacheThenFailsClosedAfterMaxStale() throws Exception {
        startGateway("minRefresh: 1s, maxRefresh: 1s, maxStale: 4s, unknownKidCooldown: 1s");
        String token = issuer.token().rs256();
        await().atMost(Duration.ofSeconds(5)).until(() -> send(token).statusCode() == 200);
        issuer.mode = TestIssuer.Mode.ERROR;
        int fetches = issuer.jwksFetches.get();
        Thread.sleep(1200);
        // A refresh is due and fails: the last good keys keep serving.
        assertThat(send(issuer.token().rs256()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> issuer.jwksFetches.get() > fetches);
        assertThat(send(issuer.token().rs256()).statusCode()).isEqualTo(200);

        // Past maxStale: 503, never a 401 and never an allow; cached verdicts do not help.
        await().atMost(Duration.ofSeconds(10)).until(() -> send(token).statusCode() == 503);
        HttpResponse<String> closed = send(issuer.token().rs256());
        assertThat(closed.statusCode()).isEqualTo(503);
        assertThat(closed.body()).contains("identity_provider_unavailable");

        issuer.mode = TestIssuer.Mode.OK;
        await().atMost(Duration.ofSeconds(10)).until(() -> send(issuer.token().rs256()).statusCode() == 200);
    }

    @Test
    void hangingProviderNeverHoldsUpRequestsWithUsableKeys() throws Exception {
        startGateway("minRefresh: 1s, maxRefresh: 1s, fetchTimeout: 5s");
        await().atMost(Duration.ofSeconds(5)).until(() -> send(issuer.token().rs256()).statusCode() == 200);
        issuer.mode = TestIssuer.Mode.HANG;
        Thread.sleep(1200);
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            assertThat(send(issuer.token().rs256()).statusCode()).isEqualTo(200);
            // The background refresh hangs for 5 s; a request must not wait for it.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void providerDownAtStartIsServiceUnavailableNotUnauthorized() throws Exception {
        issuer.mode = TestIssuer.Mode.ERROR;
        startGateway("unknownKidCooldown: 1s");
        HttpResponse<String> response = send(issuer.token().rs256());
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(upstream.requests.get()).isZero();

        issuer.mode = TestIssuer.Mode.OK;
        await().atMost(Duration.ofSeconds(10)).until(() -> send(issuer.token().rs256()).statusCode() == 200);
    }

    @Test
    void weakAndDuplicateKeysAreRefusedWhenTheSetIsLoaded() throws Exception {
        RSAKey weak = new RSAKeyGenerator(1024, true).keyID("weak").generate();
        issuer.publish(issuer.rsa, weak);
        startGateway("unknownKidCooldown: 1s");
        await().atMost(Duration.ofSeconds(5)).until(() -> send(issuer.token().rs256()).statusCode() == 200);
        assertThat(send(signedBy(weak)).statusCode()).isEqualTo(401);

        // A set repeating a kid is refused whole: the last good keys stay.
        RSAKey twin = new RSAKeyGenerator(2048).keyID("rsa1").generate();
        RSAKey fresh = new RSAKeyGenerator(2048).keyID("rsa3").generate();
        issuer.publish(issuer.rsa, twin, fresh);
        Thread.sleep(1100);
        int fetches = issuer.jwksFetches.get();
        assertThat(send(signedBy(fresh)).statusCode()).isEqualTo(401);
        assertThat(issuer.jwksFetches.get()).isEqualTo(fetches + 1);
        assertThat(send(signedBy(twin)).statusCode()).isEqualTo(401);
        assertThat(send(issuer.token().rs256()).statusCode()).isEqualTo(200);
    }
}
