package io.vigil.discovery.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.discovery.EndpointTree;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each log format read from fixture files, malformed lines counted with their numbers. */
class LogIngestTest {

    static Path fixture(String name) throws Exception {
        return Path.of(LogIngestTest.class.getResource("/discovery/" + name).toURI());
    }

    static List<String> endpoints(EndpointTree tree) {
        return tree.endpoints().stream()
                .map(e -> (e.host().isEmpty() ? "" : e.host() + " ") + e.method() + " " + e.template() + " " + e.stats().statuses().keySet()
                        + " " + e.stats().authentication())
                .toList();
    }

    @Test
    void nginxCombinedAndCommon() throws Exception {
        EndpointTree tree = new EndpointTree(50, 10_000);
        LogIngest.Result result = LogIngest.ingest(List.of(fixture("nginx-combined.log")), "nginx", tree);
        assertThat(result.records()).isEqualTo(7);
        assertThat(result.malformed()).isEqualTo(2);
        assertThat(result.examples()).hasSize(2);
        assertThat(result.examples().get(0)).endsWith("nginx-combined.log:5: not an nginx combined or common line");
        assertThat(result.examples().get(1)).contains("nginx-combined.log:6: not a request line");
        assertThat(endpoints(tree)).containsExactly("POST /api/orders [201] [basic]", "DELETE /api/orders/{id} [204] []",
                "GET /api/orders/{id} [200] []", "GET /internal/debug/vars [200] []");
        assertThat(tree.endpoints().get(2).stats().count()).isEqualTo(2);
        assertThat(tree.endpoints().get(2).stats().firstSeen()).isEqualTo(java.time.Instant.parse("2026-11-28T09:00:01Z").toEpochMilli());
    }

    @Test
    void nginxJson() throws Exception {
        EndpointTree tree = new EndpointTree(50, 10_000);
        LogIngest.Result result = LogIngest.ingest(List.of(fixture("nginx.jsonl")), "nginx", tree);
        assertThat(result.malformed()).isEqualTo(2);
        assertThat(result.examples()).anySatisfy(e -> assertThat(e).endsWith(":3: no request, request_method or request_uri field"))
                .anySatisfy(e -> assertThat(e).endsWith(":4: not JSON"));
        assertThat(endpoints(tree)).containsExactly("shop.example GET /v2/customers/{uuid}/addresses [200, 404] []");
        assertThat(tree.endpoints().get(0).stats().responseTypes()).as("$sent_http_content_type").containsExactly("application/json");
        assertThat(tree.endpoints().get(0).stats().requestTypes()).as("'-': none").isEmpty();
    }

    @Test
    void envoyDefaultAndJson() throws Exception {
        EndpointTree tree = new EndpointTree(50, 10_000);
        LogIngest.Result result = LogIngest.ingest(List.of(fixture("envoy.log")), "envoy", tree);
        assertThat(result.records()).isEqualTo(6);
        assertThat(result.malformed()).isEqualTo(2);
        assertThat(result.examples()).anySatisfy(e -> assertThat(e).contains("envoy.log:4: not a time"))
                .anySatisfy(e -> assertThat(e).endsWith("envoy.log:6: needs method, path and response_code fields"));
        assertThat(endpoints(tree)).containsExactly("locations POST /api/v1/locations [204] []",
                "locations GET /api/v1/locations/{id} [200] []", "locations GET /api/v1/zones/eu-west-1 [200] []");
        assertThat(tree.endpoints().get(1).stats().count()).as("the aborted one counts, without a status").isEqualTo(2);
    }

    @Test
    void harEntriesWithHowTheyAuthenticated() throws Exception {
        EndpointTree tree = new EndpointTree(50, 10_000);
        LogIngest.Result result = LogIngest.ingest(List.of(fixture("session.har")), "har", tree);
        assertThat(result.records()).isEqualTo(5);
        assertThat(result.examples()).containsExactly(fixture("session.har") + ": entry 4: not a URL: not a url at all",
                fixture("session.har") + ": entry 5: entry without request.method or request.url");
        assertThat(endpoints(tree)).containsExactly("api.shop.example GET /v1/invoices/{date}/pdf [200] [cookie]",
                "api.shop.example GET /v1/me [200] [bearer]", "api.shop.example GET /v1/public/status [200] [none]");
        var me = tree.endpoints().get(1).stats();
        assertThat(me.responseFields()).containsExactly("email", "id", "plan");
        assertThat(me.sensitive()).containsEntry("email", "email");
        assertThat(tree.endpoints().get(0).stats().requestFields()).containsExactly("format");
        assertThat(tree.endpoints().get(0).stats().requestTypes()).containsExactly("application/json");
        assertThat(me.responseTypes()).containsExactly("application/json");
        assertThat(tree.endpoints().get(2).stats().sensitive()).as("a base64 body").containsEntry("card_number", "card");
    }

    @Test
    void malformedLineReportsNeverShowQueryStrings(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path log = java.nio.file.Files.writeString(dir.resolve("x.log"),
                "10.0.0.1 - - [28/Nov/2026:10:00:01 +0000] \"GET relative?access_token=eyJhbGciOi.secret HTTP/1.1\" 200 1 \"-\" \"-\"\n");
        LogIngest.Result result = LogIngest.ingest(List.of(log), "nginx", new EndpointTree(50, 100));
        assertThat(result.examples()).singleElement().satisfies(e -> assertThat(e).contains("not a path").doesNotContain("eyJ", "secret"));
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        assertThatThrownBy(() -> LogIngest.ingest(List.of(), "apache", new EndpointTree(50, 100)))
                .hasMessageContaining("nginx, envoy or har");
    }
}
