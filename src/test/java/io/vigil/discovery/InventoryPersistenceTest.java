package io.vigil.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vigil.Gateway;
import io.vigil.config.StoreConfig;
import io.vigil.store.Store;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.Postgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The inventory survives restarts and adds up what every node sharing a store has seen (SQLite and PostgreSQL). */
class InventoryPersistenceTest {

    static Vertx vertx;
    static EchoUpstream upstream;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
    }

    @AfterAll
    static void stop() throws Exception {
        upstream.close();
        vertx.close();
    }

    String body() {
        return """
                upstreams:
                  api: { targets: [ "%s" ] }
                routes:
                  - { id: api, path: "/api/{rest*}", upstream: api, auth: [ none ] }
                """.formatted(upstream.url());
    }

    static void get(GatewayFixture g, String path) throws Exception {
        assertThat(http.send(HttpRequest.newBuilder(URI.create(g.url(path))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
    }

    static long count(EndpointTree tree, String template) {
        return tree.endpoints().stream().filter(e -> e.template().equals(template)).mapToLong(e -> e.stats().count()).sum();
    }

    @Test
    void aRestartRemembersWhatWasSeen() throws Exception {
        GatewayFixture first = GatewayFixture.start("", body());
        get(first, "/api/orders/1");
        get(first, "/api/orders/2");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> count(first.gateway.endpoints(), "/api/orders/{id}") == 2);
        first.close();
        // A row another version (or a hand) left unreadable does not block later writes.
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + first.dir.resolve("vigil.db"))) {
            c.createStatement().executeUpdate("UPDATE inventory_endpoints SET detail = 'not json'");
        }
        try (GatewayFixture second = GatewayFixture.wrap(first.dir, first.config, Gateway.start(first.config))) {
            assertThat(count(second.gateway.endpoints(), "/api/orders/{id}")).isEqualTo(2);
            get(second, "/api/orders/3");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> count(second.gateway.endpoints(), "/api/orders/{id}") == 3);
        }
        try (Store store = Store.open(new StoreConfig("jdbc:sqlite:" + first.dir.resolve("vigil.db"), null, null, 2))) {
            EndpointTree stored = Inventory.load(store.dataSource(), store.postgres(), 50);
            assertThat(count(stored, "/api/orders/{id}")).as("2 written by the first run, 1 added by the second").isEqualTo(3);
        }
    }

    @Test
    void nodesSharingPostgresAddUp() throws Exception {
        StoreConfig shared = new StoreConfig(Postgres.freshSchemaUrl(), Postgres.USER, null, 4);
        GatewayFixture a = GatewayFixture.startWithStore(shared, body());
        GatewayFixture b = GatewayFixture.startWithStore(shared, body());
        for (int i = 0; i < 5; i++) {
            get(a, "/api/users/" + i + "/cart");
            get(b, "/api/users/" + (100 + i) + "/cart");
        }
        get(b, "/api/health");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> count(a.gateway.endpoints(), "/api/users/{id}/cart") == 5
                && count(b.gateway.endpoints(), "/api/health") == 1);
        a.close();
        b.close();
        try (Store store = Store.open(shared)) {
            EndpointTree stored = Inventory.load(store.dataSource(), store.postgres(), 50);
            assertThat(count(stored, "/api/users/{id}/cart")).isEqualTo(10);
            assertThat(stored.endpoints()).extracting(EndpointTree.Endpoint::template)
                    .containsExactly("/api/health", "/api/users/{id}/cart");
            assertThat(stored.endpoints().get(1).stats().statuses()).isEqualTo(java.util.Map.of(200, 10L));
            assertThat(List.copyOf(stored.endpoints().get(1).stats().routes())).containsExactly("api");
            assertThat(stored.endpoints().get(1).stats().responseTypes()).containsExactly("application/json");
        }
    }

    @Test
    void annotationsAreKeptInBothStores() throws Exception {
        for (StoreConfig config : List.of(new StoreConfig("jdbc:sqlite:" + java.nio.file.Files.createTempDirectory("vigil-ann")
                .resolve("vigil.db"), null, null, 2), new StoreConfig(Postgres.freshSchemaUrl(), Postgres.USER, null, 2))) {
            try (Store store = Store.open(config)) {
                AnnotationStore annotations = new AnnotationStore(store.dataSource());
                annotations.put(new Annotation("", "GET", "/orders/{id}", "team-a", null, "in_review", null, "ana", 1_000));
                annotations.put(new Annotation("", "GET", "/orders/{id}", "team-b", "deprecated", null, "why", null, 2_000));
                annotations.put(new Annotation("shop.example", "GET", "/orders/{id}", null, "retired", null, null, null, 3_000));
                List<String> problems = new java.util.ArrayList<>();
                List<Annotation> all = annotations.all(problems);
                assertThat(problems).isEmpty();
                assertThat(all).as(config.url()).containsExactly(
                        new Annotation("", "GET", "/orders/{id}", "team-b", "deprecated", null, "why", null, 2_000),
                        new Annotation("shop.example", "GET", "/orders/{id}", null, "retired", null, null, null, 3_000));
                assertThat(annotations.delete("shop.example", "GET", "/orders/{id}")).isTrue();
                assertThat(annotations.delete("shop.example", "GET", "/orders/{id}")).isFalse();
                assertThat(annotations.all(problems)).hasSize(1);
            }
        }
    }
}
