package io.vigil.discovery.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** OpenAPI 3.0, 3.1 and Swagger 2.0 fixtures read into declared operations, and matched. */
class SpecReaderTest {

    static Path spec(String name) throws Exception {
        return Path.of(SpecReaderTest.class.getResource("/discovery/specs/" + name).toURI());
    }

    static DeclaredEndpoint find(List<DeclaredEndpoint> all, String method, String template) {
        return all.stream().filter(d -> d.method().equals(method) && d.template().equals(template)).findFirst().orElseThrow();
    }

    @Test
    void openApi30WithServersSecurityOwnersAndLifecycle() throws Exception {
        List<DeclaredEndpoint> all = SpecReader.read(spec("orders-3.0.yaml"));
        assertThat(all).extracting(d -> d.method() + " " + d.template()).containsExactlyInAnyOrder("GET /api/orders",
                "POST /api/orders", "GET /api/orders/{orderId}", "GET /api/orders/latest", "GET /api/v1/orders", "GET /api/status",
                "GET /api/exports");
        DeclaredEndpoint get = find(all, "GET", "/api/orders/{orderId}");
        assertThat(get.secured()).isTrue();
        assertThat(get.owner()).isEqualTo("team-orders");
        assertThat(get.responses()).isEqualTo(Set.of("200", "404"));
        assertThat(get.operationId()).isEqualTo("getOrder");
        assertThat(find(all, "GET", "/api/orders/latest").owner()).isEqualTo("team-insights");
        assertThat(find(all, "GET", "/api/v1/orders").deprecated()).isTrue();
        assertThat(find(all, "GET", "/api/status").secured()).as("security: [] makes it public").isFalse();
        assertThat(find(all, "GET", "/api/exports").retired()).isTrue();
        assertThat(find(all, "POST", "/api/orders").declares(409)).as("4XX").isTrue();
        assertThat(find(all, "GET", "/api/status").declares(503)).as("default").isTrue();
        assertThat(get.declares(500)).isFalse();
    }

    @Test
    void openApi31Json() throws Exception {
        List<DeclaredEndpoint> all = SpecReader.read(spec("shop-3.1.json"));
        assertThat(all).extracting(d -> d.method() + " " + d.template() + " " + d.owner() + " " + d.deprecated())
                .containsExactlyInAnyOrder("GET /shop/carts/{cartId}/items team-cart false",
                        "PUT /shop/carts/{cartId}/items null true");
    }

    @Test
    void swagger20() throws Exception {
        List<DeclaredEndpoint> all = SpecReader.read(spec("legacy-2.0.yaml"));
        assertThat(all).extracting(d -> d.method() + " " + d.template()).containsExactlyInAnyOrder("GET /legacy/users/{id}",
                "DELETE /legacy/users/{id}", "GET /legacy/ping");
        assertThat(find(all, "DELETE", "/legacy/users/{id}").deprecated()).isTrue();
        assertThat(find(all, "GET", "/legacy/users/{id}").secured()).isTrue();
        assertThat(find(all, "GET", "/legacy/users/{id}").owner()).isEqualTo("team-legacy");
        DeclaredEndpoint ping = find(all, "GET", "/legacy/ping");
        assertThat(ping.secured()).isFalse();
        assertThat(ping.retired()).isTrue();
    }

    @Test
    void whatIsNotASpecIsSaidSo() throws Exception {
        assertThatThrownBy(() -> SpecReader.read(spec("not-a-spec.yaml"))).hasMessageContaining("not an OpenAPI 3.x or Swagger 2.0");
        assertThatThrownBy(() -> SpecReader.read("x.yaml", "openapi: 3.0.0\n: [", null)).hasMessageContaining("not YAML or JSON");
    }

    @Test
    void theIndexPrefersLiteralsAndMatchesTemplatesAndConcretePaths() throws Exception {
        SpecIndex index = SpecIndex.of(SpecReader.read(spec("orders-3.0.yaml")));
        assertThat(index.find("GET", "/api/orders/latest").operationId()).isEqualTo("latestOrder");
        assertThat(index.find("GET", "/api/orders/17").operationId()).isEqualTo("getOrder");
        assertThat(index.find("GET", "/api/orders/{id}").operationId()).as("a discovery template").isEqualTo("getOrder");
        assertThat(index.find("HEAD", "/api/orders/17").operationId()).as("HEAD is served by GET").isEqualTo("getOrder");
        assertThat(index.find("DELETE", "/api/orders/17")).isNull();
        assertThat(index.onPath("/api/orders/17")).extracting(DeclaredEndpoint::method).containsExactly("GET");
        assertThat(index.find("GET", "/api/orders/17/items")).isNull();
        assertThat(index.find("GET", "/api/{param}")).as("a discovered parameter is not a declared literal").isNull();
    }

    @Test
    void aSelfReferencingSchemaIsReadInBoundedTime() {
        long start = System.nanoTime();
        List<DeclaredEndpoint> all = SpecReader.read("bomb.yaml", """
                openapi: 3.0.3
                info: { title: Bomb, version: "1" }
                paths:
                  /a:
                    get:
                      responses:
                        "200": { content: { application/json: { schema: { $ref: "#/components/schemas/A" } } } }
                components:
                  schemas:
                    A: { oneOf: [ { $ref: "#/components/schemas/A" }, { $ref: "#/components/schemas/A" }, { $ref: "#/components/schemas/A" } ] }
                """, null);
        assertThat(all).hasSize(1);
        assertThat(System.nanoTime() - start).as("well under a second").isLessThan(2_000_000_000L);
    }

    @Test
    void responseSchemasGiveTheDeclaredFieldPaths() {
        List<DeclaredEndpoint> v3 = SpecReader.read("catalog.yaml", """
                openapi: 3.0.3
                info: { title: Catalog, version: "1" }
                paths:
                  /products/{id}:
                    get:
                      responses:
                        "200": { $ref: "#/components/responses/Product" }
                  /products:
                    get:
                      responses:
                        "200":
                          content:
                            application/json:
                              schema: { type: array, items: { $ref: "#/components/schemas/Product" } }
                  /ping:
                    get: { responses: { "204": { description: none } } }
                components:
                  responses:
                    Product:
                      description: a product
                      content: { application/json: { schema: { $ref: "#/components/schemas/Product" } } }
                  schemas:
                    Base: { type: object, properties: { id: { type: string } } }
                    Product:
                      allOf:
                        - $ref: "#/components/schemas/Base"
                        - type: object
                          properties:
                            name: { type: string }
                            prices: { type: array, items: { type: object, properties: { currency: { type: string } } } }
                            attributes: { type: object, additionalProperties: { type: string } }
                """, null);
        DeclaredEndpoint one = find(v3, "GET", "/products/{id}");
        assertThat(one.responseFields()).containsExactlyInAnyOrder("id", "name", "prices", "prices[].currency", "attributes",
                "attributes.*");
        assertThat(one.undeclaredFields(Set.of("id", "name", "prices[].currency", "attributes.colour", "internalCost", "prices[].cost")))
                .containsExactly("internalCost", "prices[].cost");
        assertThat(find(v3, "GET", "/products").responseFields()).contains("[].id", "[].prices[].currency");
        assertThat(find(v3, "GET", "/ping").responseFields()).as("no JSON schema: nothing to compare").isNull();
        assertThat(find(v3, "GET", "/ping").undeclaredFields(Set.of("anything"))).isEmpty();

        List<DeclaredEndpoint> v2 = SpecReader.read("legacy.yaml", """
                swagger: "2.0"
                info: { title: Legacy, version: "1" }
                paths:
                  /users/{id}:
                    get:
                      responses:
                        "200": { description: user, schema: { $ref: "#/definitions/User" } }
                definitions:
                  User: { type: object, properties: { id: { type: integer }, email: { type: string } } }
                """, null);
        assertThat(find(v2, "GET", "/users/{id}").responseFields()).containsExactlyInAnyOrder("id", "email");
    }
}
