package io.vigil.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointTreeTest {

    final EndpointTree tree = new EndpointTree(50, 10_000);

    void see(String method, String path, int status, String auth) {
        tree.observe(new Observation(1_000, "api.example", method, path, status, auth, null, "r", "traffic"));
    }

    List<String> templates() {
        return tree.endpoints().stream().map(e -> e.method() + " " + e.template()).toList();
    }

    @Test
    void valuesInPathsBecomeNamedPlaceholders() {
        see("GET", "/orders/1234", 200, "jwt");
        see("GET", "/orders/98", 404, "jwt");
        see("GET", "/orders/98/items/3f2504e0-4f89-11d3-9a0c-0305e82c3301", 200, "jwt");
        see("GET", "/reports/2026-11-28", 200, "jwt");
        see("GET", "/users/alice@example.com", 200, "jwt");
        see("GET", "/blobs/9f86d081884c7d659a2feaa0c55ad015", 200, "jwt");
        see("GET", "/share/aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ1", 200, "none");
        see("GET", "/invoices/INV20261128", 200, "jwt");
        see("GET", "/health", 200, "none");
        see("GET", "/", 200, "none");
        assertThat(templates()).containsExactlyInAnyOrder("GET /", "GET /orders/{id}", "GET /orders/{id}/items/{uuid}",
                "GET /reports/{date}", "GET /users/{email}", "GET /blobs/{hex}", "GET /share/{token}", "GET /invoices/{id}",
                "GET /health");
        EndpointStats orders = tree.endpoints().stream().filter(e -> e.template().equals("/orders/{id}")).findFirst()
                .orElseThrow().stats();
        assertThat(orders.count()).isEqualTo(2);
        assertThat(orders.statuses()).isEqualTo(Map.of(200, 1L, 404, 1L));
    }

    @Test
    void namesAtOnePositionBeyondTheThresholdBecomeOneParameter() {
        for (int i = 0; i < 50; i++) {
            see("GET", "/products/widget-" + (char) ('a' + i % 26) + (char) ('a' + i / 26) + "/reviews", 200, "none");
        }
        assertThat(templates()).hasSize(50).allMatch(t -> !t.contains("{param}"));
        see("GET", "/products/gizmo/reviews", 200, "jwt");
        assertThat(templates()).containsExactly("GET /products/{param}/reviews");
        EndpointStats merged = tree.endpoints().get(0).stats();
        assertThat(merged.count()).isEqualTo(51);
        assertThat(merged.authentication()).containsExactlyInAnyOrder("none", "jwt");
        see("GET", "/products/another-one/reviews", 200, "none");
        assertThat(templates()).containsExactly("GET /products/{param}/reviews");
        assertThat(tree.endpoints().get(0).stats().count()).isEqualTo(52);
        // A path seen before the merge (remembered with its old node) lands on the merged one now.
        see("GET", "/products/widget-aa/reviews", 200, "none");
        assertThat(templates()).containsExactly("GET /products/{param}/reviews");
        assertThat(tree.endpoints().get(0).stats().count()).isEqualTo(53);
    }

    @Test
    void aPathSeenAgainCountsOnTheSameEndpoint() {
        for (int i = 0; i < 20_000; i++) {
            // More distinct paths than the tree remembers lately, each seen twice.
            see("GET", "/orders/" + (i % 10_000), 200, "jwt");
        }
        assertThat(templates()).containsExactly("GET /orders/{id}");
        assertThat(tree.endpoints().get(0).stats().count()).isEqualTo(20_000);
    }

    @Test
    void methodsAndHostsAreSeparateEndpoints() {
        see("GET", "/orders", 200, "jwt");
        see("POST", "/orders", 201, "jwt");
        tree.observe(new Observation(2_000, "admin.example", "GET", "/orders", 200, "none", null, null, "logs"));
        assertThat(tree.endpoints()).extracting(e -> e.host() + " " + e.method() + " " + e.template())
                .containsExactly("admin.example GET /orders", "api.example GET /orders", "api.example POST /orders");
    }

    @Test
    void madeUpMethodsShareOneEntry() {
        for (int i = 0; i < 100; i++) {
            see("A" + i, "/x", 200, "none");
        }
        assertThat(templates()).containsExactly("OTHER /x");
    }

    @Test
    void memoryIsBounded() {
        EndpointTree small = new EndpointTree(1_000, 100);
        for (int i = 0; i < 500; i++) {
            small.observe(new Observation(1, "h", "GET", "/a" + i, 200, "none", null, null, "traffic"));
        }
        assertThat(small.size()).isLessThanOrEqualTo(100);
        assertThat(small.dropped()).isGreaterThan(0);
    }

    @Test
    void contentTypesAreKeptAsMediaTypes() {
        assertThat(MediaType.of("Application/JSON; charset=utf-8")).isEqualTo("application/json");
        assertThat(MediaType.of(" text/csv ")).isEqualTo("text/csv");
        assertThat(MediaType.of("application/vnd.api+json")).isEqualTo("application/vnd.api+json");
        for (String junk : new String[] {"json", "/json", "text/", "a/b/c", "text/ht ml", "text/<script>", "x".repeat(120) + "/y"}) {
            assertThat(MediaType.of(junk)).as(junk).isNull();
        }
        tree.observe(new Observation(1_000, "api.example", "POST", "/orders", 201, "jwt", null, "r", "traffic",
                "application/json", "application/json; charset=utf-8"));
        tree.observe(new Observation(1_000, "api.example", "POST", "/orders", 415, "jwt", null, "r", "traffic",
                "text/xml", "application/problem+json"));
        EndpointStats orders = tree.endpoints().get(0).stats();
        assertThat(orders.requestTypes()).containsExactly("application/json", "text/xml");
        assertThat(orders.responseTypes()).containsExactly("application/json", "application/problem+json");
    }
}
