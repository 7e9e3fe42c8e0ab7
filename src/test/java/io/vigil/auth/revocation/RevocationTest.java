package io.vigil.auth.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vigil.config.StoreConfig;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.Postgres;
import io.vigil.testing.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deny-list over real sockets: a revocation is in force on the very next request (cached
 * token or not), survives a restart, and reaches another node sharing the PostgreSQL store
 * within about a second.
 */
class RevocationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    Vertx vertx;
    EchoUpstream upstream;
    TestIssuer issuer;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        issuer = new TestIssuer();
    }

    @AfterEach
    void stop() throws Exception {
        issuer.close();
        upstream.close();
        vertx.close();
    }

    String body() {
        return """
                identityProviders:
                  corp:
                    issuer: "%s"
                    audiences: [ orders ]
                upstreams:
                  echo:
                    targets: [ "%s" ]
                routes:
                  - id: orders
                    path: /orders
                    upstream: echo
                    auth: [ jwt:corp ]
                """.formatted(issuer.issuer(), upstream.url());
    }

    static HttpResponse<String> call(GatewayFixture gateway, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.url("/orders")))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> admin(GatewayFixture gateway, String method, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.adminUrl(path)))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("content-type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    String tokenWith(String jti, String sub, String sid, long iat) {
        long exp = Instant.now().getEpochSecond() + 300;
        return issuer.token().payload("{\"iss\":\"" + issuer.issuer() + "\",\"aud\":\"orders\",\"sub\":\"" + sub
                + "\",\"exp\":" + exp + ",\"iat\":" + iat + ",\"jti\":\"" + jti + "\"" + (sid == null ? "" : ",\"sid\":\"" + sid + "\"")
                + "}").rs256();
    }

    @Test
    void revokedTokenSubjectAndSessionAreRefusedOnTheNextRequest() throws Exception {
        try (GatewayFixture gateway = GatewayFixture.start("", body())) {
            long now = Instant.now().getEpochSecond();
            String token = tokenWith("t-1", "alice", "s-1", now);
            await().atMost(Duration.ofSeconds(5)).until(() -> call(gateway, token).statusCode() == 200);

            // By jti: the token is cached as verified, and still refused at once.
            HttpResponse<String> added = admin(gateway, "POST", "/admin/api/revocations", "{\"jti\":\"t-1\",\"reason\":\"leaked\"}");
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
            HttpResponse<String> refused = call(gateway, token);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("www-authenticate").orElse("")).contains("invalid_token", "revoked");
            assertThat(refused.body()).contains("token_revoked");
            assertThat(call(gateway, tokenWith("t-2", "alice", "s-2", now)).statusCode()).isEqualTo(200);

            // Lifting it lets the token through again.
            String id = JSON.readTree(added.body()).path("id").asText();
            assertThat(admin(gateway, "DELETE", "/admin/api/revocations/" + id, null).statusCode()).isEqualTo(204);
            assertThat(call(gateway, token).statusCode()).isEqualTo(200);
            assertThat(admin(gateway, "DELETE", "/admin/api/revocations/" + id, null).statusCode()).isEqualTo(404);

            // By session.
            assertThat(admin(gateway, "POST", "/admin/api/revocations", "{\"sid\":\"s-9\"}").statusCode()).isEqualTo(201);
            assertThat(call(gateway, tokenWith("t-3", "carol", "s-9", now)).statusCode()).isEqualTo(401);
            assertThat(call(gateway, tokenWith("t-4", "carol", "s-10", now)).statusCode()).isEqualTo(200);

            // By subject, only tokens issued before a moment: logging in again works.
            String cut = Instant.ofEpochSecond(now).toString();
            assertThat(admin(gateway, "POST", "/admin/api/revocations", "{\"sub\":\"dave\",\"before\":\"" + cut + "\"}").statusCode())
                    .isEqualTo(201);
            assertThat(call(gateway, tokenWith("t-5", "dave", null, now - 60)).statusCode()).isEqualTo(401);
            assertThat(call(gateway, tokenWith("t-6", "dave", null, now + 1)).statusCode()).isEqualTo(200);

            // By subject, all tokens, scoped to another issuer: not ours, so not covered.
            assertThat(admin(gateway, "POST", "/admin/api/revocations", "{\"sub\":\"erin\",\"issuer\":\"https://other\"}")
                    .statusCode()).isEqualTo(201);
            assertThat(call(gateway, tokenWith("t-7", "erin", null, now)).statusCode()).isEqualTo(200);

            JsonNode list = JSON.readTree(admin(gateway, "GET", "/admin/api/revocations", null).body());
            assertThat(list).hasSize(3);
        }
    }

    @Test
    void badRevocationRequestsChangeNothing() throws Exception {
        try (GatewayFixture gateway = GatewayFixture.start("", body())) {
            for (String bad : new String[] {"{}", "{\"jti\":\"a\",\"sub\":\"b\"}", "{\"jti\":\"a\",\"before\":\"2020-01-01T00:00:00Z\"}",
                    "{\"sub\":\"a\",\"before\":\"yesterday\"}", "{\"jti\":\"a\",\"expiresAt\":1}", "[1]", "nope", "{\"jti\":\"\"}"}) {
                HttpResponse<String> response = admin(gateway, "POST", "/admin/api/revocations", bad);
                assertThat(response.statusCode()).as(bad).isEqualTo(400);
                assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
            }
            // A browser page cannot use the unauthenticated loopback admin API: not cross-site, not by DNS rebinding.
            HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(URI.create(gateway.adminUrl("/admin/api/revocations")))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sub\":\"alice\"}")).header("Origin", "http://evil.example")
                    .header("content-type", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(crossSite.statusCode()).isEqualTo(403);
            String rebound = io.vigil.testing.RawHttp.send(gateway.gateway.adminPort(), "POST /admin/api/revocations HTTP/1.1\r\n"
                    + "Host: rebind.evil.example:" + gateway.gateway.adminPort() + "\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 15\r\n\r\n{\"sub\":\"alice\"}", 1000).text();
            assertThat(rebound).startsWith("HTTP/1.1 403");
            assertThat(JSON.readTree(admin(gateway, "GET", "/admin/api/revocations", null).body())).isEmpty();
        }
    }

    @Test
    void revocationSurvivesARestart() throws Exception {
        java.nio.file.Path dir;
        String token = tokenWith("t-r", "alice", null, Instant.now().getEpochSecond());
        try (GatewayFixture gateway = GatewayFixture.start("", body())) {
            dir = gateway.dir;
            assertThat(admin(gateway, "POST", "/admin/api/revocations", "{\"jti\":\"t-r\"}").statusCode()).isEqualTo(201);
        }
        try (GatewayFixture again = GatewayFixture.wrap(dir, dir.resolve("vigil.yaml"),
                io.vigil.Gateway.start(dir.resolve("vigil.yaml")))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> call(again, token).statusCode() == 401);
        }
    }

    @Test
    void revocationReachesAnotherNodeSharingTheStoreWithinASecond() throws Exception {
        StoreConfig store = new StoreConfig(Postgres.freshSchemaUrl(), Postgres.USER, null, 4);
        try (GatewayFixture a = GatewayFixture.startWithStore(store, body());
                GatewayFixture b = GatewayFixture.startWithStore(store, body())) {
            String token = tokenWith("t-c", "alice", null, Instant.now().getEpochSecond());
            await().atMost(Duration.ofSeconds(5)).until(() -> call(a, token).statusCode() == 200 && call(b, token).statusCode() == 200);
            assertThat(admin(a, "POST", "/admin/api/revocations", "{\"jti\":\"t-c\"}").statusCode()).isEqualTo(201);
            assertThat(call(a, token).statusCode()).isEqualTo(401);
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).until(() -> call(b, token).statusCode() == 401);
            System.out.printf("revocation reached the second node after %d ms%n", (System.nanoTime() - start) / 1_000_000);
        }
    }
}
