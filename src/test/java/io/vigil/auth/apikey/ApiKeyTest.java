package io.vigil.auth.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API keys over real sockets: the format and checksum, storage as a hash only, one answer for
 * every bad key, rotation with a grace period, immediate revocation, and the ambiguity rules.
 */
class ApiKeyTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static Vertx vertx;
    static EchoUpstream upstream;
    static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        gateway = GatewayFixture.start("", """
                apiKeys:
                  pepper: "test-pepper-0123456789abcdefghijklmnop"
                  environment: test
                  rotationGrace: 2s
                upstreams:
                  echo:
                    targets: [ "%s" ]
                routes:
                  - id: reports
                    path: /reports
                    upstream: echo
                    auth: [ apikey ]
                    scopes: [ reports:read ]
                  - id: feed
                    path: /feed
                    upstream: echo
                    auth: [ apikey ]
                    apiKeyInQuery: true
                """.formatted(upstream.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        upstream.close();
        vertx.close();
    }

    static JsonNode admin(String method, String path, String json, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.adminUrl(path)))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("content-type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    static HttpResponse<String> call(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(path)));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String create(String name, String scopes) throws Exception {
        return admin("POST", "/admin/api/keys", "{\"name\":\"" + name + "\",\"owner\":\"team-" + name + "\",\"scopes\":\""
                + scopes + "\",\"plan\":\"gold\"}", 201).path("key").asText();
    }

    @Test
    void createdKeyHasTheFormatAndOpensItsRoutes() throws Exception {
        String key = create("reporting", "reports:read");
        assertThat(key).matches("vgl_test_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}");
        assertThat(call("/reports", Map.of("Authorization", "ApiKey " + key)).statusCode()).isEqualTo(200);
        assertThat(call("/reports", Map.of("Authorization", "apikey " + key)).statusCode()).isEqualTo(200);
        assertThat(call("/reports", Map.of("X-API-Key", key)).statusCode()).isEqualTo(200);
        HttpResponse<String> echoed = call("/reports", Map.of("X-API-Key", key));
        assertThat(echoed.body()).contains("reports");
    }

    @Test
    void keyIsStoredOnlyAsAHash() throws Exception {
        String key = create("hashing", "reports:read");
        String url = "jdbc:sqlite:" + gateway.dir.resolve("vigil.db");
        try (var c = DriverManager.getConnection(url); var s = c.createStatement();
                var rs = s.executeQuery("SELECT * FROM api_keys")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    String value = rs.getString(i);
                    assertThat(value == null ? "" : value).doesNotContain(key.substring(9, 40));
                }
            }
        }
        JsonNode listed = admin("GET", "/admin/api/keys", null, 200);
        assertThat(listed.toString()).doesNotContain(key.substring(9, 40)).doesNotContain("\"hash\"");
    }

    @Test
    void everyBadKeyGetsTheSameAnswer() throws Exception {
        String key = create("sameanswer", "reports:read");
        String typo = key.substring(0, 20) + (key.charAt(20) == 'a' ? 'b' : 'a') + key.substring(21);
        String revoked = create("gone", "reports:read");
        String revokedId = findId("gone");
        admin("DELETE", "/admin/api/keys/" + revokedId, null, 204);
        String wellFormedUnknown = "vgl_test_" + "A".repeat(43);
        String unknown = forgeChecksum(wellFormedUnknown);
        String body = null;
        for (String bad : new String[] {typo, revoked, unknown, "vgl_test_short_abcdef", "not-a-key", key + "x"}) {
            HttpResponse<String> response = call("/reports", Map.of("X-API-Key", bad));
            assertThat(response.statusCode()).as(bad).isEqualTo(401);
            assertThat(response.headers().firstValue("www-authenticate")).hasValue("ApiKey realm=\"vigil\"");
            String stable = response.body().replaceAll("\"instance\":\"[^\"]*\"", "");
            if (body == null) {
                body = stable;
            }
            assertThat(stable).isEqualTo(body);
        }
    }

    /** A key with a valid checksum that was never issued, built through the production format class. */
    static String forgeChecksum(String body) {
        return body + "_" + ApiKeyFormat.checksum(body);
    }

    static String findId(String name) throws Exception {
        for (JsonNode k : admin("GET", "/admin/api/keys", null, 200)) {
            if (k.path("name").asText().equals(name)) {
                return k.path("id").asText();
            }
        }
        throw new AssertionError("no key named " + name);
    }

    @Test
    void revocationIsImmediateAndRotationKeepsTheOldKeyForTheGracePeriod() throws Exception {
        String key = create("rotating", "reports:read");
        String id = findId("rotating");
        JsonNode rotated = admin("POST", "/admin/api/keys/" + id + "/rotate", "{}", 201);
        String next = rotated.path("key").asText();
        assertThat(next).isNotEqualTo(key);
        assertThat(call("/reports", Map.of("X-API-Key", key)).statusCode()).isEqualTo(200);
        assertThat(call("/reports", Map.of("X-API-Key", next)).statusCode()).isEqualTo(200);
        assertThat(admin("GET", "/admin/api/keys/" + id, null, 200).path("status").asText()).isEqualTo("rotating");
        await().atMost(Duration.ofSeconds(5)).until(() -> call("/reports", Map.of("X-API-Key", key)).statusCode() == 401);
        assertThat(call("/reports", Map.of("X-API-Key", next)).statusCode()).isEqualTo(200);
        admin("POST", "/admin/api/keys/" + id + "/rotate", "{}", 404);

        String nextId = rotated.path("id").asText();
        admin("DELETE", "/admin/api/keys/" + nextId, null, 204);
        assertThat(call("/reports", Map.of("X-API-Key", next)).statusCode()).isEqualTo(401);
        admin("DELETE", "/admin/api/keys/" + nextId, null, 404);
    }

    @Test
    void scopesOfTheKeyApply() throws Exception {
        String key = create("noscope", "other:read");
        HttpResponse<String> response = call("/reports", Map.of("X-API-Key", key));
        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void ambiguousKeysAreRefusedAndQueryKeysOnlyWhereAllowed() throws Exception {
        String key = create("ambiguous", "reports:read");
        assertThat(call("/reports", Map.of("X-API-Key", key, "Authorization", "ApiKey " + key)).statusCode()).isEqualTo(400);
        assertThat(call("/reports?api_key=" + key, Map.of()).statusCode()).isEqualTo(401);
        assertThat(call("/feed?api_key=" + key, Map.of()).statusCode()).isEqualTo(200);
        assertThat(call("/feed?api_key=" + key + "&api_key=" + key, Map.of()).statusCode()).isEqualTo(400);
        // The query key never reaches the decision log.
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(gateway.decisions()).contains("\"route\":\"feed\""));
        assertThat(Files.readString(gateway.decisions())).doesNotContain(key);
    }

    @Test
    void badKeyRequestsChangeNothing() throws Exception {
        int before = admin("GET", "/admin/api/keys", null, 200).size();
        admin("POST", "/admin/api/keys", "{}", 400);
        admin("POST", "/admin/api/keys", "{\"name\":\"x\",\"scopes\":[\"bad scope\"]}", 400);
        admin("POST", "/admin/api/keys", "{\"name\":\"x\",\"expiresIn\":\"soon\"}", 400);
        admin("POST", "/admin/api/keys", "[]", 400);
        admin("POST", "/admin/api/keys/key_nope/rotate", "{}", 404);
        assertThat(admin("GET", "/admin/api/keys", null, 200).size()).isEqualTo(before);
    }

    static String cli(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.out;
        System.setOut(new java.io.PrintStream(out, true));
        try {
            assertThat(io.vigil.cli.VigilCli.run(args)).isZero();
        } finally {
            System.setOut(saved);
        }
        return out.toString();
    }

    @Test
    void keysCommandManagesKeysThroughTheAdminApi() throws Exception {
        String admin = gateway.adminUrl("");
        JsonNode created = JSON.readTree(cli("keys", "create", "--admin", admin, "--name", "cli", "--scope", "reports:read"));
        String key = created.path("key").asText();
        assertThat(call("/reports", Map.of("X-API-Key", key)).statusCode()).isEqualTo(200);
        assertThat(cli("keys", "list", "--admin", admin)).contains(created.path("id").asText()).doesNotContain(key);
        assertThat(cli("keys", "revoke", "--admin", admin, created.path("id").asText())).contains("revoked");
        assertThat(call("/reports", Map.of("X-API-Key", key)).statusCode()).isEqualTo(401);
    }
}
