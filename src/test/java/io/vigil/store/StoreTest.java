package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vigil.config.StoreConfig;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.Postgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both stores, for real: the SQLite file and the PostgreSQL server. */
class StoreTest {

    @TempDir
    static Path dir;

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("sqlite"), Arguments.of("postgresql"));
    }

    static StoreConfig config(String kind) throws Exception {
        if (kind.equals("sqlite")) {
            return new StoreConfig("jdbc:sqlite:" + Files.createTempDirectory(dir, "s").resolve("vigil.db"), null, null, 4);
        }
        return new StoreConfig(Postgres.freshSchemaUrl(), Postgres.USER, null, 4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void migrates_and_runs_blocking_work_off_the_event_loop(String kind) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (Store store = Store.open(config(kind))) {
            assertThat(store.healthy()).isTrue();
            assertThat(store.postgres()).isEqualTo(kind.equals("postgresql"));
            Integer tables = store.run(vertx, () -> {
                assertThat(Thread.currentThread().getName()).doesNotContain("eventloop");
                try (Connection c = store.dataSource().getConnection();
                        ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "decisions", null)) {
                    int n = 0;
                    while (rs.next()) {
                        n++;
                    }
                    return n;
                }
            }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(tables).isEqualTo(1);
        } finally {
            vertx.close();
        }
        // Opening again finds the schema migrated and does nothing.
        try (Store again = Store.open(config(kind))) {
            assertThat(again.healthy()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void the_decision_log_reaches_the_store(String kind) throws Exception {
        StoreConfig store = config(kind);
        Vertx vertx = Vertx.vertx();
        try (EchoUpstream upstream = new EchoUpstream(vertx, "a");
                GatewayFixture gateway = GatewayFixture.startWithStore(store, """
                        upstreams:
                          echo: { targets: [ "%s" ] }
                        routes:
                          - { id: r, path: /r, upstream: echo, auth: [ none ] }
                        """.formatted(upstream.url()))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String id = http.send(HttpRequest.newBuilder(URI.create(gateway.url("/r"))).build(),
                    HttpResponse.BodyHandlers.discarding()).headers().firstValue("x-request-id").orElseThrow();
            http.send(HttpRequest.newBuilder(URI.create(gateway.url("/nope"))).build(), HttpResponse.BodyHandlers.discarding());
            await().atMost(Duration.ofSeconds(10)).until(() -> count(gateway, "route = 'r' AND request_id = '" + id
                    + "' AND status = 200 AND reason = 'allowed'") == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> count(gateway,
                    "reason = 'no_route' AND status = 404") == 1);
            // The whole decision-log line is kept with the row.
            try (Connection c = gateway.gateway.store().dataSource().getConnection();
                    ResultSet rs = c.createStatement().executeQuery(
                            "SELECT record FROM decisions WHERE request_id = '" + id + "'")) {
                rs.next();
                var record = new com.fasterxml.jackson.databind.ObjectMapper().readTree(rs.getString(1));
                assertThat(record.get("decision").asText()).isEqualTo("allow");
                assertThat(record.get("path").asText()).isEqualTo("/r");
            }
        } finally {
            vertx.close();
        }
    }

    static int count(GatewayFixture gateway, String where) throws Exception {
        try (Connection c = gateway.gateway.store().dataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM decisions WHERE " + where)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void an_unreachable_postgres_fails_at_start_with_a_clear_error() {
        StoreConfig bad = new StoreConfig("jdbc:postgresql://127.0.0.1:1/none", "postgres", null, 2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Store.open(bad))
                .hasMessageContaining("cannot open the store at jdbc:postgresql://127.0.0.1:1/none: Connection")
                .hasMessageContaining("refused");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void rows_past_the_retention_are_deleted(String kind) throws Exception {
        try (Store store = Store.open(config(kind))) {
            io.vigil.audit.StoreDecisionSink sink = new io.vigil.audit.StoreDecisionSink(store.dataSource(),
                    store.postgres(), java.time.Duration.ofDays(7).toMillis());
            long now = System.currentTimeMillis();
            sink.write(java.util.List.of(
                    new io.vigil.audit.EncodedDecision(record("old", now - java.time.Duration.ofDays(8).toMillis()), "{}"),
                    new io.vigil.audit.EncodedDecision(record("new", now), "{}")));
            try (Connection c = store.dataSource().getConnection();
                    ResultSet rs = c.createStatement().executeQuery("SELECT request_id FROM decisions ORDER BY request_id")) {
                java.util.List<String> ids = new java.util.ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                assertThat(ids).containsExactly("new");
            }
        }
    }

    static io.vigil.audit.DecisionRecord record(String id, long time) {
        return new io.vigil.audit.DecisionRecord(time, id, "r", "GET", "http", "h", "/p", 200, "allow", "allowed", null, null,
                java.util.List.of(), "127.0.0.1", java.util.List.of(), null, null, null, 10, 20, 0, null, null);
    }
}
