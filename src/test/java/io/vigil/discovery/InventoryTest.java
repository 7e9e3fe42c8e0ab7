package io.vigil.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vigil.cli.VigilCli;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recorded traffic with known shadow, zombie, drift and unused endpoints against routes with
 * specs: the admin API, the undocumented: deny|log hook, and vigil inventory import/report.
 */
class InventoryTest {

    static Vertx vertx;
    static EchoUpstream upstream;
    static GatewayFixture gateway;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final ObjectMapper JSON = new ObjectMapper();

    static Path spec(String name) throws Exception {
        return Path.of(InventoryTest.class.getResource("/discovery/specs/" + name).toURI());
    }

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        gateway = GatewayFixture.start("", """
                upstreams:
                  shop: { targets: [ "%s" ] }
                routes:
                  - id: api
                    path: /api/{rest*}
                    upstream: shop
                    auth: [ none ]
                    spec: %s
                    undocumented: log
                  - id: legacy
                    path: /legacy/{rest*}
                    upstream: shop
                    auth: [ none ]
                    spec: %s
                    undocumented: deny
                """.formatted(upstream.url(), spec("orders-3.0.yaml"), spec("legacy-2.0.yaml")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        upstream.close();
        vertx.close();
    }

    static HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.url(path))).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode inventory(String query) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gateway.adminUrl("/admin/api/inventory" + query)))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** "METHOD template" → its classifications, for every entry of an inventory answer. */
    static Map<String, String> classified(JsonNode inventory) {
        Map<String, String> out = new LinkedHashMap<>();
        inventory.get("inventory").forEach(e -> out.put(e.get("method").asText() + " " + e.get("template").asText(),
                e.get("classifications").toString()));
        return out;
    }

    static String cli(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(VigilCli.run(args)).as(String.join(" ", args)).isZero();
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void trafficAndSpecsMakeTheAudit() throws Exception {
        assertThat(send("GET", "/api/orders").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/orders/17").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/orders/18").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/orders").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/exports").statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/api/orders/17").statusCode()).as("undocumented: log lets it through").isEqualTo(200);
        assertThat(send("GET", "/api/internal/metrics").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/legacy/users/5").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = send("GET", "/legacy/admin/dump");
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).contains("undocumented_endpoint").doesNotContain("admin/dump");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gateway.gateway.endpoints().endpoints().size() == 7);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(gateway.decisions())
                .contains("\"wouldDeny\":[{\"reason\":\"undocumented_endpoint\",\"rule\":\"undocumented\"}]"));

        Map<String, String> all = classified(inventory(""));
        assertThat(all).containsEntry("GET /api/orders", "[\"unauthenticated\"]")
                .containsEntry("GET /api/orders/{id}", "[\"unauthenticated\"]")
                .containsEntry("GET /api/v1/orders", "[\"zombie\",\"unauthenticated\"]")
                .containsEntry("GET /api/exports", "[\"zombie\",\"unauthenticated\"]")
                .containsEntry("DELETE /api/orders/{id}", "[\"drift\",\"unauthenticated\"]")
                .containsEntry("GET /api/internal/metrics", "[\"shadow\",\"unauthenticated\"]")
                .containsEntry("GET /legacy/users/{id}", "[\"unauthenticated\"]")
                .containsEntry("POST /api/orders", "[\"unused\"]")
                .containsEntry("GET /api/orders/latest", "[\"unused\"]")
                .containsEntry("GET /api/status", "[\"unused\"]")
                .containsEntry("DELETE /legacy/users/{id}", "[\"unused\"]")
                .containsEntry("GET /legacy/ping", "[\"unused\"]")
                .hasSize(12);
        assertThat(classified(inventory("?classification=shadow")).keySet()).containsExactly("GET /api/internal/metrics");
        assertThat(classified(inventory("?owner=team-insights")).keySet()).containsExactly("GET /api/orders/latest");
        assertThat(inventory("?classification=zombie").get("summary").get("zombie").asInt()).isEqualTo(2);
        JsonNode zombie = inventory("?classification=zombie").get("inventory").get(0);
        assertThat(zombie.get("lifecycle").asText()).isEqualTo("retired");
        assertThat(zombie.get("owner").asText()).isEqualTo("team-orders");
        assertThat(zombie.get("findings").get(0).get("evidence").asText()).contains("retired in", "still receiving traffic: 1 requests");
        assertThat(zombie.get("findings").get(0).get("action").asText()).isNotBlank();

        // What the gateway saw is in the store once it stops; the CLI reads it from there, with imported specs.
        gateway.close();
        String config = gateway.config.toString();
        Path dir = gateway.dir;
        gateway = null;
        assertThat(cli("inventory", "import", spec("shop-3.1.json").toString(), "-c", config, "--owner", "team-shop"))
                .contains("imported shop-3.1.json: 2 operations (1 deprecated)");
        String md = cli("inventory", "report", "-c", config, "--as-of", "2026-12-01T00:00:00Z");
        assertThat(md).contains("# API inventory audit", "| shadow | 1 |", "| zombie | 2 |", "| unused | 7 |",
                "### GET /api/internal/metrics", "- **shadow**: not in any spec", "| PUT | - | /shop/carts/{cartId}/items | 0 | spec | deprecated | team-shop | unreviewed | unused |");
        assertThat(cli("inventory", "report", "-c", config, "--as-of", "2026-12-01T00:00:00Z")).as("deterministic").isEqualTo(md);
        JsonNode json = JSON.readTree(cli("inventory", "report", "-c", config, "--format", "json", "--as-of", "2026-12-01T00:00:00Z"));
        assertThat(json.get("summary").get("unauthenticated").asInt()).isEqualTo(7);
        assertThat(json.get("endpoints").asInt()).isEqualTo(14);
        String html = cli("inventory", "report", "-c", config, "--format", "html", "--as-of", "2026-12-01T00:00:00Z");
        assertThat(html).startsWith("<!doctype html>").contains("<td>/api/internal/metrics</td>", "<b class=\"shadow\">shadow</b>");

        // The code behind the API: one handler traffic reached, one nobody documented, one the spec retired.
        Path code = Files.createDirectories(dir.resolve("src"));
        Files.writeString(code.resolve("server.js"), """
                const app = require('express')();
                app.get('/api/orders/:id', getOrder);
                app.post('/api/debug/reset', reset);
                app.get('/api/exports', exportAll);
                """);
        assertThat(cli("discover", "code", code.toString(), "--import", "-c", config)).contains("3 endpoints in 1 files (stored");
        JsonNode withCode = JSON.readTree(cli("inventory", "report", "-c", config, "--format", "json", "--as-of", "2026-12-01T00:00:00Z"));
        Map<String, String> byEndpoint = new LinkedHashMap<>();
        withCode.get("inventory").forEach(e -> byEndpoint.put(e.get("method").asText() + " " + e.get("template").asText() + " "
                + e.get("sources"), e.get("classifications").toString()));
        assertThat(byEndpoint).containsEntry("POST /api/debug/reset [\"code\"]", "[\"shadow\"]")
                .containsEntry("GET /api/orders/{id} [\"code\",\"spec\",\"traffic\"]", "[\"unauthenticated\"]")
                .containsEntry("GET /api/exports [\"code\",\"spec\",\"traffic\"]", "[\"zombie\",\"unauthenticated\"]");
        assertThat(withCode.get("summary").get("shadow").asInt()).isEqualTo(2);
        // Never called yet, but reachable: the route that would serve it is named.
        JsonNode reset = java.util.stream.StreamSupport.stream(withCode.get("inventory").spliterator(), false)
                .filter(e -> e.get("template").asText().equals("/api/debug/reset")).findFirst().orElseThrow();
        assertThat(reset.get("routes").toString()).isEqualTo("[\"api\"]");
    }
}
