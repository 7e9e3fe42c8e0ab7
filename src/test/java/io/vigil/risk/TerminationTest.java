package io.vigil.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A session whose risk crosses terminateAbove is revoked for the rest of its life: the request is
 * refused, every later one of the session too, an alert is listed and delivered to a signed,
 * retried webhook.
 */
class TerminationTest {

    static final String SECRET = "webhook-secret-0123456789abcdefghij";
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static Vertx vertx;
    static EchoUpstream upstream;
    static TestIssuer issuer;
    static GatewayFixture gateway;
    static HttpServer webhook;
    static final List<String> deliveries = new CopyOnWriteArrayList<>();
    static final List<String> signatures = new CopyOnWriteArrayList<>();
    static final AtomicInteger attempts = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        issuer = new TestIssuer();
        // The webhook fails its first delivery: the alert must arrive on a retry.
        webhook = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            if (attempts.incrementAndGet() == 1) {
                request.response().setStatusCode(500).end();
                return;
            }
            deliveries.add(body.toString(StandardCharsets.UTF_8));
            signatures.add(request.getHeader("x-vigil-signature"));
            request.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        gateway = GatewayFixture.start("", """
                networks:
                  office: [ 10.0.0.0/8 ]
                risk:
                  trustedNetworks: [ office ]
                  terminateAbove: 40
                  weights: { auth.bearer_token: 0 }   # plain bearer tokens throughout; the factors under test add up alone
                alerts:
                  webhooks:
                    - { url: "http://127.0.0.1:%d/hook", secret: "%s" }
                identityProviders:
                  corp: { issuer: "%s", audiences: [ orders ] }
                upstreams:
                  echo: { targets: [ "%s" ] }
                routes:
                  - id: orders
                    path: /orders
                    upstream: echo
                    auth: [ jwt:corp ]
                """.formatted(webhook.actualPort(), SECRET, issuer.issuer(), upstream.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        webhook.close();
        issuer.close();
        upstream.close();
        vertx.close();
    }

    static HttpResponse<String> get(String sid, String extraClaims) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String token = issuer.token().payload("{\"iss\":\"" + issuer.issuer() + "\",\"aud\":\"orders\",\"sub\":\"alice\",\"sid\":\""
                + sid + "\",\"exp\":" + (now + 300) + (extraClaims.isEmpty() ? "" : "," + extraClaims) + "}").rs256();
        return http.send(HttpRequest.newBuilder(URI.create(gateway.url("/orders"))).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> admin(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.adminUrl(path))).method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void operatorsSeeBaselinesAndSessionsAndCanEndOne() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> get("s-admin", "\"acr\":\"mfa\"").statusCode() == 200);
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(admin("GET", "/admin/api/sessions").body()).contains("\"sid\":\"s-admin\"", "\"subject\":\"alice\""));
        JsonNode baseline = new ObjectMapper().readTree(admin("GET", "/admin/api/risk/alice").body()).get("baselines").get(0);
        assertThat(baseline.get("identity").asText()).isEqualTo(issuer.issuer() + " alice");
        assertThat(baseline.get("requests").asLong()).isPositive();
        assertThat(baseline.get("routes").toString()).contains("orders");
        assertThat(baseline.get("recentScores").size()).isPositive();
        assertThat(admin("GET", "/admin/api/risk/nobody").statusCode()).isEqualTo(404);

        assertThat(admin("DELETE", "/admin/api/sessions/s-admin").statusCode()).isEqualTo(204);
        HttpResponse<String> after = get("s-admin", "\"acr\":\"mfa\"");
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.body()).contains("token_revoked");
    }

    @Test
    void aSessionTurnedSuspiciousIsEndedAndReported() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> get("s-ok", "").statusCode() == 200);

        // no MFA (15) + non-compliant device (25) + untrusted network (5) = 45 > 40
        HttpResponse<String> ended = get("s-1", "\"device_compliant\":false");
        assertThat(ended.statusCode()).isEqualTo(401);
        assertThat(ended.body()).contains("session_terminated");
        assertThat(ended.headers().firstValue("www-authenticate").orElse("")).contains("error=\"invalid_token\"");

        // The same session with a clean token is refused from now on; other sessions are not.
        HttpResponse<String> later = get("s-1", "");
        assertThat(later.statusCode()).isEqualTo(401);
        assertThat(later.body()).contains("token_revoked");
        assertThat(get("s-2", "").statusCode()).isEqualTo(200);

        // Stored like any revocation (so other nodes learn of it), with the reason.
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                http.send(HttpRequest.newBuilder(URI.create(gateway.adminUrl("/admin/api/revocations"))).build(),
                        HttpResponse.BodyHandlers.ofString()).body())
                .contains("\"sid\"", "\"s-1\"", "risk 45: auth.no_mfa, device.noncompliant, network.untrusted"));
        assertThat(gateway.gateway.revocations().list()).anySatisfy(r -> assertThat(r.value()).isEqualTo("s-1"));

        JsonNode alerts = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
                URI.create(gateway.adminUrl("/admin/api/alerts"))).build(), HttpResponse.BodyHandlers.ofString()).body());
        JsonNode alert = alerts.get("alerts").get(0);
        assertThat(alert.get("kind").asText()).isEqualTo("session_terminated");
        assertThat(alert.get("subject").asText()).isEqualTo("alice");
        assertThat(alert.get("revoked").asText()).isEqualTo("sid:s-1");
        assertThat(alert.get("score").asInt()).isEqualTo(45);

        // Delivered on the second attempt, signed over "<t>.<body>".
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.size() == 1);
        assertThat(attempts.get()).isEqualTo(2);
        String body = deliveries.get(0);
        assertThat(body).contains("\"kind\":\"session_terminated\"", "\"revoked\":\"sid:s-1\"");
        String signature = signatures.get(0);
        String t = signature.substring(2, signature.indexOf(','));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(signature).endsWith(",v1=" + HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8))));
    }
}
