package io.vigil.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.SelfSignedCert;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sampled response bodies (HTTP/2 and HTTP/1.1 paths) give the inventory field names and sensitive data, and reach clients intact. */
class BodySamplingTest {

    static final String CUSTOMER = "{\"id\":7,\"email\":\"ada@example.com\",\"card\":{\"number\":\"4111 1111 1111 1111\"}}";
    static Vertx vertx;
    static HttpServer upstream;
    static GatewayFixture gateway;
    static HttpClient h2;
    static HttpClient h1;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = vertx.createHttpServer().requestHandler(r -> {
            switch (r.path()) {
                case "/api/customers/7" -> r.response().putHeader("content-type", "application/json").end(CUSTOMER);
                case "/api/orders/9" -> r.response().putHeader("content-type", "application/json; charset=utf-8")
                        .end("{\"id\":9,\"total\":12.5,\"lines\":[{\"sku\":\"A\"}]}");
                case "/api/carts" -> r.body().onSuccess(b -> r.response().putHeader("content-type", "application/json")
                        .end("{\"received\":" + b.length() + "}"));
                case "/api/report" -> r.response().putHeader("content-type", "text/csv").end("email\nada@example.com\n");
                default -> r.response().putHeader("content-type", "application/json").putHeader("content-encoding", "gzip").end("x");
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Path dir = Files.createTempDirectory("vigil-sampling");
        SelfSignedCert cert = SelfSignedCert.create(dir);
        gateway = GatewayFixture.start("tls: { cert: " + cert.certFile() + ", key: " + cert.keyFile() + " }", """
                discovery: { sampleEvery: 1 }     # every JSON body, so the tests do not depend on their order
                upstreams:
                  api: { targets: [ "http://127.0.0.1:%d" ] }
                routes:
                  - { id: api, path: "/api/{rest*}", upstream: api, auth: [ none ] }
                """.formatted(upstream.actualPort()));
        h2 = HttpClient.newBuilder().sslContext(cert.trustingContext()).version(HttpClient.Version.HTTP_2).build();
        h1 = HttpClient.newBuilder().sslContext(cert.trustingContext()).version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        upstream.close();
        vertx.close();
    }

    static HttpResponse<String> get(HttpClient client, String path) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r;
    }

    static EndpointStats stats(String template) {
        return gateway.gateway.endpoints().endpoints().stream().filter(e -> e.template().equals(template)).findFirst()
                .map(EndpointTree.Endpoint::stats).orElse(null);
    }

    @Test
    void fieldsAndSensitiveDataOverHttp2AndHttp1() throws Exception {
        HttpResponse<String> viaH2 = get(h2, "/api/customers/7");
        assertThat(viaH2.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(viaH2.body()).as("the client gets the body untouched").isEqualTo(CUSTOMER);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stats("/api/customers/{id}") != null
                && stats("/api/customers/{id}").sampled() >= 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(gateway.decisions()).lines()
                .anyMatch(l -> l.contains("\"path\":\"/api/customers/7\"") && l.contains("\"responseBytes\":" + CUSTOMER.length())));
        EndpointStats customers = stats("/api/customers/{id}");
        assertThat(customers.responseFields()).containsExactlyInAnyOrder("id", "email", "card", "card.number");
        assertThat(customers.sensitive()).containsEntry("email", "email").containsEntry("card_number", "card.number");

        assertThat(get(h1, "/api/orders/9").body()).contains("\"total\":12.5");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stats("/api/orders/{id}") != null
                && stats("/api/orders/{id}").sampled() >= 1);
        assertThat(stats("/api/orders/{id}").responseFields()).contains("lines[].sku");
        assertThat(stats("/api/orders/{id}").sensitive()).isEmpty();

        get(h1, "/api/report");
        get(h2, "/api/compressed");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stats("/api/report") != null && stats("/api/compressed") != null);
        gateway.gateway.bodySamples().drain();
        assertThat(stats("/api/report").sampled()).as("not JSON").isZero();
        assertThat(stats("/api/report").responseTypes()).containsExactly("text/csv");
        assertThat(stats("/api/orders/{id}").responseTypes()).as("without its charset").containsExactly("application/json");
        assertThat(stats("/api/compressed").sampled()).as("not identity-encoded").isZero();

        var entries = new Classifier(java.util.Map.of(), io.vigil.discovery.spec.SpecIndex.EMPTY, Duration.ofDays(30))
                .classify(gateway.gateway.endpoints().endpoints(), java.time.Instant.now());
        InventoryEntry customer = entries.stream().filter(e -> e.template().equals("/api/customers/{id}")).findFirst().orElseThrow();
        assertThat(customer.findings()).anySatisfy(f -> {
            assertThat(f.classification()).isEqualTo("sensitive");
            assertThat(f.evidence()).contains("card_number in card.number", "email in email").doesNotContain("4111", "ada@");
        });
    }

    @Test
    void requestBodiesGiveTheirFieldNamesOverBothProtocols() throws Exception {
        String cart = "{\"customerId\":\"c-1\",\"lines\":[{\"sku\":\"A-1\",\"qty\":2}]}";
        for (HttpClient client : new HttpClient[] {h2, h1}) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gateway.port() + "/api/carts"))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(cart))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).as("the upstream got the whole body").isEqualTo("{\"received\":" + cart.length() + "}");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            EndpointStats carts = gateway.gateway.endpoints().endpoints().stream()
                    .filter(e -> e.template().equals("/api/carts") && e.method().equals("POST")).findFirst()
                    .map(EndpointTree.Endpoint::stats).orElse(null);
            return carts != null && carts.requestFields().containsAll(java.util.List.of("customerId", "lines", "lines[].sku", "lines[].qty"))
                    && carts.responseFields().contains("received") && carts.count() >= 2;
        });
        EndpointStats carts = gateway.gateway.endpoints().endpoints().stream()
                .filter(e -> e.template().equals("/api/carts") && e.method().equals("POST")).findFirst().orElseThrow().stats();
        assertThat(carts.requestTypes()).as("over HTTP/1.1 and HTTP/2").containsExactly("application/json");
        assertThat(carts.responseTypes()).containsExactly("application/json");
    }

    @Test
    void jsonMediaTypesAreRecognisedInAnyCase() {
        assertThat(BodySamples.json("application/json")).isTrue();
        assertThat(BodySamples.json("Application/JSON; charset=utf-8")).isTrue();
        assertThat(BodySamples.json("application/problem+json")).isTrue();
        assertThat(BodySamples.json("application/vnd.api+JSON;q=1")).isTrue();
        assertThat(BodySamples.json("text/plain")).isFalse();
        assertThat(BodySamples.json("application/xml; profile=\"x+json\"")).as("+json in a parameter").isFalse();
        assertThat(BodySamples.json("application/")).isFalse();
        assertThat(BodySamples.json("text/json")).isFalse();
    }
}
