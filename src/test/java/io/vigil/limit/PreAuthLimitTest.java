package io.vigil.limit;

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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-IP limits ahead of authentication: a request-rate cap, and a budget of failed authentications. */
class PreAuthLimitTest {

    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Vertx vertx;
    EchoUpstream upstream;
    TestIssuer issuer;
    GatewayFixture gateway;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        issuer = new TestIssuer();
        gateway = GatewayFixture.start("", """
                limits:
                  preAuth: { limit: 20, period: 1m }
                  failedAuth: { limit: 3, period: 10m }
                identityProviders:
                  corp: { issuer: "%s", audiences: [ orders ] }
                upstreams:
                  echo: { targets: [ "%s" ] }
                routes:
                  - id: ping
                    path: /ping
                    upstream: echo
                    auth: [ none ]
                  - id: orders
                    path: /orders
                    upstream: echo
                    auth: [ jwt:corp ]
                """.formatted(issuer.issuer(), upstream.url()));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        issuer.close();
        upstream.close();
        vertx.close();
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(path))).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void failedAuthenticationsUseUpTheAddressesBudget() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String good = issuer.token().payload("{\"iss\":\"" + issuer.issuer() + "\",\"aud\":\"orders\",\"sub\":\"alice\",\"exp\":"
                + (now + 300) + "}").rs256();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> get("/orders", good).statusCode() == 200);
        // No credential at all is not a failed guess, nor is an expired token (a client that must refresh);
        // a wrong one is.
        assertThat(get("/orders", null).statusCode()).isEqualTo(401);
        String expired = issuer.token().payload("{\"iss\":\"" + issuer.issuer() + "\",\"aud\":\"orders\",\"sub\":\"alice\",\"exp\":"
                + (now - 600) + "}").rs256();
        for (int i = 0; i < 5; i++) {
            assertThat(get("/orders", expired).statusCode()).isEqualTo(401);
        }
        assertThat(get("/orders", good).statusCode()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(get("/orders", "guess-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = get("/orders", good);
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.body()).contains("auth_failures_exceeded");
        assertThat(Long.parseLong(locked.headers().firstValue("retry-after").orElseThrow())).isBetween(1L, 200L);
        assertThat(get("/ping", null).statusCode()).as("every route: the address is refused before auth").isEqualTo(429);
    }

    @Test
    void requestsPerAddressAreCappedBeforeAuthentication() throws Exception {
        int admitted = 0;
        int refused = 0;
        for (int i = 0; i < 30; i++) {
            int status = get("/ping", null).statusCode();
            if (status == 200) {
                admitted++;
            } else {
                assertThat(status).isEqualTo(429);
                refused++;
            }
        }
        // 20 at once, plus at most one refilled while the loop ran (20 per minute).
        assertThat(admitted).isBetween(20, 21);
        assertThat(refused).isEqualTo(30 - admitted);
    }
}
