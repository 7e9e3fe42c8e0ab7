package io.vigil.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vigil.cli.VigilCli;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Owners, lifecycle and security review set by people (admin API and CLI) over the inventory the
 * gateway observed and the route's spec declares; a bad annotation is refused and changes nothing.
 */
class AnnotationTest {

    static Vertx vertx;
    static EchoUpstream upstream;
    static GatewayFixture gateway;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        Path spec = Path.of(AnnotationTest.class.getResource("/discovery/specs/orders-3.0.yaml").toURI());
        gateway = GatewayFixture.start("", """
                upstreams:
                  shop: { targets: [ "%s" ] }
                routes:
                  - { id: api, path: "/api/{rest*}", upstream: shop, auth: [ none ], spec: %s }
                """.formatted(upstream.url(), spec));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        upstream.close();
        vertx.close();
    }

    static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.adminUrl(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode entry(String method, String template, String query) throws Exception {
        JsonNode inventory = JSON.readTree(admin("GET", "/admin/api/inventory" + query, null).body());
        for (JsonNode e : inventory.get("inventory")) {
            if (e.get("method").asText().equals(method) && e.get("template").asText().equals(template)) {
                return e;
            }
        }
        return null;
    }

    @Test
    void people_set_owner_lifecycle_and_review_and_the_judgements_follow() throws Exception {
        for (String path : new String[] {"/api/orders", "/api/orders/17", "/api/internal/metrics"}) {
            assertThat(http.send(HttpRequest.newBuilder(URI.create(gateway.url(path))).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> entry("GET", "/api/internal/metrics", "") != null);
        JsonNode before = entry("GET", "/api/internal/metrics", "");
        assertThat(before.get("review").asText()).isEqualTo("unreviewed");
        assertThat(before.get("lifecycle").asText()).isEqualTo("active");
        assertThat(before.toString()).doesNotContain("zombie");

        // Bad annotations: each refused with what is wrong, and nothing stored.
        String[][] bad = {
                {"{\"method\":\"GET\",\"template\":\"/api/internal/metrics\",\"lifecycle\":\"gone\"}", "lifecycle"},
                {"{\"method\":\"GET\",\"template\":\"/api/internal/metrics\",\"review\":\"ok\"}", "review"},
                {"{\"method\":\"get\",\"template\":\"/api/internal/metrics\",\"owner\":\"x\"}", "method"},
                {"{\"method\":\"GET\",\"template\":\"api\",\"owner\":\"x\"}", "template"},
                {"{\"method\":\"GET\",\"template\":\"/api/internal/metrics\"}", "at least one"},
                {"{\"method\":\"GET\",\"template\":\"/api/internal/metrics\",\"owner\":\"x\",\"colour\":\"red\"}", "unknown field"},
                {"{\"method\":\"GET\",\"template\":\"/api/internal/metrics\",\"owner\":7}", "expected a string"},
                {"[1]", "JSON object"},
                {"{\"host\":\"shop.example:8080\",\"method\":\"GET\",\"template\":\"/x\",\"owner\":\"x\"}", "without port"},
                {"{\"method\":\"GET\",\"template\":\"/caf\u00e9\",\"owner\":\"x\"}", "printable ASCII"},
        };
        for (String[] c : bad) {
            HttpResponse<String> r = admin("PUT", "/admin/api/inventory/annotations", c[0]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
            assertThat(r.body()).as(c[0]).contains(c[1]);
        }
        assertThat(admin("GET", "/admin/api/inventory/annotations", null).body()).isEqualTo("[]");

        // The shadow endpoint is someone's, and retired: still called, so a zombie now.
        HttpResponse<String> put = admin("PUT", "/admin/api/inventory/annotations", """
                {"method":"GET","template":"/api/internal/metrics","owner":"team-insights","lifecycle":"retired",
                 "review":"rejected","note":"replaced by /api/metrics","by":"ana"}""");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode metrics = entry("GET", "/api/internal/metrics", "?classification=zombie");
        assertThat(metrics).isNotNull();
        assertThat(metrics.get("owner").asText()).isEqualTo("team-insights");
        assertThat(metrics.get("lifecycle").asText()).isEqualTo("retired");
        assertThat(metrics.get("review").asText()).isEqualTo("rejected");
        assertThat(metrics.get("annotation").get("note").asText()).isEqualTo("replaced by /api/metrics");
        assertThat(metrics.get("findings").toString()).contains("marked retired in the inventory by ana", "still receiving traffic");
        assertThat(entry("GET", "/api/internal/metrics", "?review=rejected&owner=team-insights")).isNotNull();
        assertThat(entry("GET", "/api/orders", "?review=rejected")).isNull();
        HttpResponse<String> badFilter = admin("GET", "/admin/api/inventory?review=maybe", null);
        assertThat(badFilter.statusCode()).isEqualTo(400);

        // A declared endpoint reviewed and approved: the review shows, the findings stay evidence.
        assertThat(admin("PUT", "/admin/api/inventory/annotations",
                "{\"method\":\"GET\",\"template\":\"/api/orders\",\"review\":\"approved\"}").statusCode()).isEqualTo(200);
        JsonNode orders = entry("GET", "/api/orders", "?review=approved");
        assertThat(orders.get("classifications").toString()).contains("unauthenticated");
        assertThat(JSON.readTree(admin("GET", "/admin/api/inventory/annotations", null).body())).hasSize(2);

        // The CLI reads and writes the same annotations.
        String config = gateway.config.toString();
        assertThat(cli("inventory", "annotate", "-c", config, "--method", "GET", "--template", "/api/orders/{id}",
                "--owner", "team-orders", "--review", "in_review", "--by", "cli")).contains("annotated GET /api/orders/{id}");
        assertThat(entry("GET", "/api/orders/{id}", "?review=in_review").get("owner").asText()).isEqualTo("team-orders");
        assertThat(VigilCli.run("inventory", "annotate", "-c", config, "--method", "GET", "--template", "/x",
                "--lifecycle", "sunset")).isEqualTo(VigilCli.EXIT_USAGE);

        // Removing an annotation brings back the inventory's own view.
        assertThat(admin("DELETE", "/admin/api/inventory/annotations?method=GET&template=/api/internal/metrics", null)
                .statusCode()).isEqualTo(204);
        assertThat(admin("DELETE", "/admin/api/inventory/annotations?method=GET&template=/api/internal/metrics", null)
                .statusCode()).isEqualTo(404);
        JsonNode after = entry("GET", "/api/internal/metrics", "");
        assertThat(after.get("review").asText()).isEqualTo("unreviewed");
        assertThat(after.get("classifications").toString()).contains("shadow").doesNotContain("zombie");

        // The report (from the store, which the gateway writes its observations to when it stops) agrees.
        assertThat(cli("inventory", "annotate", "-c", config, "--method", "GET", "--template", "/api/internal/metrics",
                "--owner", "team-insights", "--lifecycle", "retired", "--review", "rejected", "--note", "replaced by /api/metrics"))
                .contains("annotated");
        gateway.close();
        gateway = null;
        String report = cli("inventory", "report", "-c", config);
        assertThat(report).contains("| GET | 127.0.0.1 | /api/internal/metrics | 1 | traffic | retired | team-insights | rejected |",
                "Note: replaced by /api/metrics", "- **zombie**: marked retired in the inventory");
    }

    static String cli(String... args) {
        return InventoryTest.cli(args);
    }
}
