package io.vigil.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The risk score over real sockets: recorded with its factors, read by policies, and acted on per route. */
class RiskTest {

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
                networks:
                  office: [ 10.0.0.0/8 ]
                risk:
                  trustedNetworks: [ office ]      # the tests call from 127.0.0.1: network.untrusted (5)
                  stepUpAcr: [ mfa ]
                  weights: { auth.bearer_token: 0 }   # plain bearer tokens throughout; the factors under test add up alone
                identityProviders:
                  corp: { issuer: "%s", audiences: [ orders ] }
                upstreams:
                  echo: { targets: [ "%s" ] }
                routes:
                  - id: plain
                    path: /plain
                    upstream: echo
                    auth: [ jwt:corp ]
                  - id: strict
                    path: /strict
                    upstream: echo
                    auth: [ jwt:corp ]
                    risk: { stepUpAbove: 30 }
                  - id: fresh
                    path: /fresh
                    upstream: echo
                    auth: [ jwt:corp ]
                    risk: { stepUpAbove: 20 }
                  - id: vault
                    path: /vault
                    upstream: echo
                    auth: [ jwt:corp ]
                    risk: { denyAbove: 40 }
                  - id: items
                    path: /items/{id}
                    upstream: echo
                    auth: [ jwt:corp ]
                    risk: { denyAbove: 30 }
                  - id: posture
                    path: /posture
                    upstream: echo
                    auth: [ jwt:corp ]
                    policy: [ "!('device.noncompliant' in risk.factors) && risk.score < 50" ]
                """.formatted(issuer.issuer(), upstream.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        issuer.close();
        upstream.close();
        vertx.close();
    }

    static HttpResponse<String> get(String path, String extraClaims) throws Exception {
        return get(path, "alice", extraClaims);
    }

    static HttpResponse<String> get(String path, String sub, String extraClaims) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String token = issuer.token().payload("{\"iss\":\"" + issuer.issuer() + "\",\"aud\":\"orders\",\"sub\":\"" + sub
                + "\",\"exp\":" + (now + 300) + (extraClaims.isEmpty() ? "" : "," + extraClaims) + "}").rs256();
        return http.send(HttpRequest.newBuilder(URI.create(gateway.url(path))).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theScoreAndItsFactorsAreRecorded() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> get("/plain?first", "").statusCode() == 200);
        assertThat(get("/plain", "\"device_compliant\":false").statusCode()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(gateway.decisions())
                .contains("\"risk\":{\"score\":45,\"factors\":[{\"name\":\"auth.no_mfa\",\"weight\":15,\"evidence\":\"amr absent\"},"
                        + "{\"name\":\"device.noncompliant\",\"weight\":25,\"evidence\":\"device_compliant false\"},"
                        + "{\"name\":\"network.untrusted\",\"weight\":5,\"evidence\":\"no trusted network\"}]}"));
    }

    @Test
    void aRiskyRequestMustStepUpAndAStrongLoginPasses() throws Exception {
        HttpResponse<String> weak = get("/strict", "\"device_compliant\":false");
        assertThat(weak.statusCode()).isEqualTo(401);
        assertThat(weak.headers().firstValue("www-authenticate").orElse(""))
                .contains("error=\"insufficient_user_authentication\"", "acr_values=\"mfa\"");
        // With MFA: no auth.no_mfa, 30 is not above 30.
        assertThat(get("/strict", "\"device_compliant\":false,\"acr\":\"mfa\"").statusCode()).isEqualTo(200);
        assertThat(get("/strict", "").statusCode()).as("20: below the threshold").isEqualTo(200);
    }

    @Test
    void aStrongLoginAnswersAStepUpOnlyWhileItIsRecent() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        // 30 (device 25, untrusted network 5) is above the route's 20.
        assertThat(get("/fresh", "\"device_compliant\":false,\"acr\":\"mfa\",\"auth_time\":" + (now - 10)).statusCode())
                .isEqualTo(200);
        HttpResponse<String> stale = get("/fresh", "\"device_compliant\":false,\"acr\":\"mfa\",\"auth_time\":" + (now - 600));
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(stale.headers().firstValue("www-authenticate").orElse(""))
                .contains("error=\"insufficient_user_authentication\"", "acr_values=\"mfa\"", "max_age=300");
        assertThat(get("/fresh", "\"device_compliant\":false,\"acr\":\"mfa\"").statusCode()).as("no auth_time: not known to be recent")
                .isEqualTo(401);
    }

    @Test
    void aTooRiskyRequestIsRefused() throws Exception {
        HttpResponse<String> refused = get("/vault", "\"device_compliant\":false");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("risk_too_high").doesNotContain("device");
        assertThat(get("/vault", "").statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenReplayedFromAnotherClientIsRefused() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String token = issuer.token().payload("{\"iss\":\"" + issuer.issuer() + "\",\"aud\":\"orders\",\"sub\":\"dora\","
                + "\"sid\":\"s-fp\",\"acr\":\"mfa\",\"exp\":" + (now + 300) + "}").rs256();
        java.util.function.Function<String, Integer> from = agent -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(gateway.url("/vault"))).timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + token).header("User-Agent", agent).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(from.apply("Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0")).isEqualTo(200);
        assertThat(from.apply("Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0")).as("an update is the same client").isEqualTo(200);
        // Another client with the same session: fingerprint_changed (40) + untrusted network (5) > 40.
        assertThat(from.apply("curl/8.5.0")).isEqualTo(403);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(gateway.decisions())
                .contains("{\"name\":\"device.fingerprint_changed\",\"weight\":40,\"evidence\":\"session began on another client (user agent changed)\"}"));
    }

    @Test
    void enumeratingIdsIsCaughtWithinFiftyRequests() throws Exception {
        // acr mfa: no auth factor; untrusted network (5) stays under the route's 30 until enumeration (50) adds up.
        int firstRefused = -1;
        for (int id = 1; id <= 200 && firstRefused < 0; id++) {
            HttpResponse<String> response = get("/items/" + id, "scraper", "\"acr\":\"mfa\"");
            if (response.statusCode() == 403) {
                assertThat(response.body()).contains("risk_too_high");
                firstRefused = id;
            } else {
                assertThat(response.statusCode()).isEqualTo(200);
            }
        }
        // 30 distinct paths make the factor; baselines learn on their own thread, a moment behind, so a
        // loaded machine may let a few more through.
        assertThat(firstRefused).as("first refused request").isBetween(30, 60);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(gateway.decisions())
                .contains("\"name\":\"behaviour.enumeration\",\"weight\":50"));
        // Another caller is judged on its own baseline.
        assertThat(get("/items/1", "bob", "\"acr\":\"mfa\"").statusCode()).isEqualTo(200);
    }

    @Test
    void policiesReadTheScoreAndFactors() throws Exception {
        assertThat(get("/posture", "").statusCode()).isEqualTo(200);
        HttpResponse<String> denied = get("/posture", "\"device_compliant\":false,\"acr\":\"mfa\"");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).contains("policy_denied");
    }
}
