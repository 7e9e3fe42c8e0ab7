package io.vigil.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A route accepting two issuers: each token goes to the provider its iss names, and is fully checked there. */
class MultiProviderTest {

    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static Vertx vertx;
    static EchoUpstream upstream;
    static TestIssuer staff;
    static TestIssuer partners;
    static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        staff = new TestIssuer();
        partners = new TestIssuer();
        gateway = GatewayFixture.start("", """
                identityProviders:
                  staff: { issuer: "%s", audiences: [ orders ] }
                  partners: { issuer: "%s", audiences: [ orders ] }
                upstreams:
                  echo: { targets: [ "%s" ] }
                routes:
                  - { id: orders, path: /orders, upstream: echo, auth: [ jwt:staff, jwt:partners ] }
                """.formatted(staff.issuer(), partners.issuer(), upstream.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        staff.close();
        partners.close();
        upstream.close();
        vertx.close();
    }

    static int call(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.url("/orders"))).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void eachIssuerIsVerifiedByItsOwnProvider() throws Exception {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> call(staff.token().rs256()) == 200);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> call(partners.token().rs256()) == 200);
        // A token claiming the partners' issuer but signed with the staff key is checked by partners: refused.
        String forged = partners.token().signRsa(staff.rsa, com.nimbusds.jose.JWSAlgorithm.RS256);
        assertThat(call(forged)).isEqualTo(401);
    }
}
