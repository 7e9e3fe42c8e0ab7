package io.vigil.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Live traffic through a real gateway becomes the endpoint inventory on the admin API. */
class DiscoveryTest {

    static Vertx vertx;
    static EchoUpstream upstream;
    static GatewayFixture gateway;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        gateway = GatewayFixture.start("", """
                upstreams:
                  legacy: { targets: [ "%s" ] }
                routes:
                  - id: legacy
                    path: /legacy/{rest*}
                    upstream: legacy
                    auth: [ none ]
                  - id: guarded
                    path: /guarded
                    upstream: legacy
                    auth: [ apikey ]
                apiKeys:
                  pepper: "discovery-test-pepper-0123456789"
                """.formatted(upstream.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        upstream.close();
        vertx.close();
    }

    static int get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.url(path))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static JsonNode inventory(String query) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.adminUrl("/admin/api/inventory" + query)))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static List<String> templates(JsonNode inventory) {
        List<String> out = new ArrayList<>();
        inventory.get("inventory").forEach(e -> out.add(e.get("method").asText() + " " + e.get("template").asText()));
        return out;
    }

    @Test
    void eachEndpointBehindABroadRouteShowsOnItsOwn() throws Exception {
        assertThat(get("/legacy/users/17")).isEqualTo(200);
        assertThat(get("/legacy/users/42")).isEqualTo(200);
        assertThat(get("/legacy/users/42/sessions/3f2504e0-4f89-11d3-9a0c-0305e82c3301")).isEqualTo(200);
        for (int i = 0; i < 55; i++) {
            assertThat(get("/legacy/catalog/item-" + (char) ('a' + i % 26) + (char) ('a' + i / 26))).isEqualTo(200);
        }
        assertThat(get("/guarded")).as("refused: says nothing about the upstream").isEqualTo(401);
        assertThat(get("/nowhere")).isEqualTo(404);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> inventory("").get("inventory").size() == 3);
        JsonNode all = inventory("");
        assertThat(templates(all)).containsExactly("GET /legacy/catalog/{param}", "GET /legacy/users/{id}",
                "GET /legacy/users/{id}/sessions/{uuid}");
        JsonNode users = all.get("inventory").get(1);
        assertThat(users.get("count").asLong()).isEqualTo(2);
        assertThat(users.get("statuses").get("200").asLong()).isEqualTo(2);
        assertThat(users.get("authentication").toString()).isEqualTo("[\"none\"]");
        assertThat(users.get("routes").toString()).isEqualTo("[\"legacy\"]");
        assertThat(users.get("sources").toString()).isEqualTo("[\"traffic\"]");
        assertThat(users.get("classifications").toString()).as("no spec: shadow too").isEqualTo("[\"shadow\",\"unauthenticated\"]");
        assertThat(all.get("inventory").get(0).get("count").asLong()).isEqualTo(55);
        assertThat(templates(inventory("?classification=unauthenticated"))).hasSize(3);
        assertThat(templates(inventory("?source=logs"))).isEmpty();
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(gateway.adminUrl("/admin/api/inventory?classification=odd")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("unauthenticated");
    }
}
