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

/** RFC 9470 step-up: a route demanding a strong, recent login says exactly what it needs. */
class StepUpTest {

    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static Vertx vertx;
    static EchoUpstream upstream;
    static TestIssuer issuer;
    static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        issuer = new TestIssuer();
        gateway = GatewayFixture.start("", """
                identityProviders:
                  corp: { issuer: "%s", audiences: [ orders ] }
                upstreams:
                  echo: { targets: [ "%s" ] }
                routes:
                  - id: payouts
                    path: /payouts
                    upstream: echo
                    auth: [ jwt:corp ]
                    stepUp: { acrValues: [ mfa, phr ], maxAge: 5m }
                """.formatted(issuer.issuer(), upstream.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        issuer.close();
        upstream.close();
        vertx.close();
    }

    static HttpResponse<String> call(String acr, long authAgeSeconds) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String token = issuer.token().payload("{\"iss\":\"" + issuer.issuer() + "\",\"aud\":\"orders\",\"sub\":\"alice\",\"exp\":"
                + (now + 300) + (acr == null ? "" : ",\"acr\":\"" + acr + "\"") + ",\"auth_time\":" + (now - authAgeSeconds) + "}").rs256();
        return http.send(HttpRequest.newBuilder(URI.create(gateway.url("/payouts"))).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void strongRecentLoginPasses() throws Exception {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> call("mfa", 10).statusCode() == 200);
        assertThat(call("phr", 299).statusCode()).isEqualTo(200);
    }

    @Test
    void weakOrStaleLoginGetsTheStepUpChallenge() throws Exception {
        for (HttpResponse<String> response : new HttpResponse[] {call("pwd", 10), call(null, 10), call("mfa", 600)}) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("www-authenticate").orElse(""))
                    .contains("error=\"insufficient_user_authentication\"", "acr_values=\"mfa phr\"", "max_age=300");
            assertThat(response.body()).contains("step_up_required");
        }
    }
}
