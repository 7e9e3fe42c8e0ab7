package io.vigil.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vigil.Gateway;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart does not forget what each identity normally does: baselines are snapshotted to the store. */
class BaselinePersistenceTest {

    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @Test
    void baselinesSurviveARestart() throws Exception {
        Vertx vertx = Vertx.vertx();
        EchoUpstream upstream = new EchoUpstream(vertx, "a");
        TestIssuer issuer = new TestIssuer();
        try {
            Path config = dir.resolve("vigil.yaml");
            Files.writeString(config, GatewayFixture.yaml(dir, "", "", """
                    risk: {}
                    identityProviders:
                      corp: { issuer: "%s", audiences: [ orders ] }
                    upstreams:
                      echo: { targets: [ "%s" ] }
                    routes:
                      - { id: orders, path: "/orders/{id}", upstream: echo, auth: [ "jwt:corp" ] }
                    """.formatted(issuer.issuer(), upstream.url())));
            long now = System.currentTimeMillis() / 1000;
            String token = issuer.token().payload("{\"iss\":\"" + issuer.issuer() + "\",\"aud\":\"orders\",\"sub\":\"carol\","
                    + "\"acr\":\"mfa\",\"exp\":" + (now + 300) + "}").rs256();
            try (GatewayFixture first = GatewayFixture.wrap(dir, config, Gateway.start(config))) {
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> get(first, "/orders/1", token) == 200);
                for (int i = 2; i <= 12; i++) {
                    assertThat(get(first, "/orders/" + i, token)).isEqualTo(200);
                }
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                        first.gateway.baselines().find("carol", null).values().iterator().next().requests() >= 12);
            }
            // Closing snapshotted it; a new gateway on the same store starts from there.
            try (GatewayFixture second = GatewayFixture.wrap(dir, config, Gateway.start(config))) {
                JsonNode baseline = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
                        URI.create(second.adminUrl("/admin/api/risk/carol"))).build(), HttpResponse.BodyHandlers.ofString()).body())
                        .get("baselines").get(0);
                assertThat(baseline.get("requests").asLong()).isGreaterThanOrEqualTo(12);
                assertThat(baseline.get("routes").toString()).contains("orders");
                assertThat(baseline.get("recentScores").size()).isPositive();
            }
        } finally {
            issuer.close();
            upstream.close();
            vertx.close();
        }
    }

    static int get(GatewayFixture gateway, String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.url(path))).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
