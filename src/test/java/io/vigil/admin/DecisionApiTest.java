package io.vigil.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vigil.config.StoreConfig;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.Postgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /admin/api/decisions}: the stored decision log, filtered, on SQLite and on PostgreSQL. */
class DecisionApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void storedDecisionsAreFoundByTimeRouteStatusReasonAndRequestId(String store) throws Exception {
        Vertx vertx = Vertx.vertx();
        EchoUpstream upstream = new EchoUpstream(vertx, "a");
        String routes = AdminTest.routes(upstream.url(), "/one");
        try (GatewayFixture gateway = store.equals("sqlite") ? GatewayFixture.start("", routes)
                : GatewayFixture.startWithStore(new StoreConfig(Postgres.freshSchemaUrl(), Postgres.USER, null, 4), routes)) {
            String last = null;
            for (int i = 0; i < 3; i++) {
                last = http.send(HttpRequest.newBuilder(URI.create(gateway.url("/one"))).build(),
                        HttpResponse.BodyHandlers.discarding()).headers().firstValue("x-request-id").orElseThrow();
            }
            for (int i = 0; i < 2; i++) {
                http.send(HttpRequest.newBuilder(URI.create(gateway.url("/nowhere"))).build(), HttpResponse.BodyHandlers.discarding());
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> decisions(gateway, "?since=10m").size() == 5);

            JsonNode allowed = decisions(gateway, "?route=r");
            assertThat(allowed).hasSize(3).allSatisfy(d -> assertThat(d.get("status").asInt()).isEqualTo(200));
            assertThat(allowed.get(0).get("requestId").asText()).as("newest first").isEqualTo(last);
            JsonNode refused = decisions(gateway, "?status=404&reason=no_route");
            assertThat(refused).hasSize(2).allSatisfy(d -> assertThat(d.get("reasons").toString()).isEqualTo("[\"no_route\"]"));
            assertThat(decisions(gateway, "?requestId=" + last)).singleElement()
                    .satisfies(d -> assertThat(d.get("path").asText()).isEqualTo("/one"));
            assertThat(decisions(gateway, "?limit=2")).hasSize(2);
            assertThat(decisions(gateway, "?until=" + Instant.now().minusSeconds(3600))).isEmpty();
            assertThat(decisions(gateway, "?since=" + Instant.now().plusSeconds(60))).isEmpty();

            for (String bad : new String[] {"?status=abc", "?status=99", "?limit=5000", "?limit=0", "?since=yesterday",
                "?route=", "?bogus=1", "?status=200&status=404"}) {
                HttpResponse<String> response = get(gateway, bad);
                assertThat(response.statusCode()).as(bad).isEqualTo(400);
                assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
                assertThat(response.body()).contains("invalid_request");
            }
            assertThat(get(gateway, "?bogus=1").body()).contains("Unknown parameter 'bogus'");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(gateway.adminUrl(DecisionEndpoints.PATH)))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                    .isEqualTo(405);
        } finally {
            upstream.close();
            vertx.close();
        }
    }

    HttpResponse<String> get(GatewayFixture gateway, String query) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.adminUrl(DecisionEndpoints.PATH + query))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode decisions(GatewayFixture gateway, String query) throws Exception {
        HttpResponse<String> response = get(gateway, query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("decisions");
    }
}
