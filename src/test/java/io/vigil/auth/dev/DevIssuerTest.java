package io.vigil.auth.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The development issuer: discovery and JWKS served publicly, minting behind the admin token. */
class DevIssuerTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN_TOKEN = "admin-token-for-tests-0123456789";
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static Vertx vertx;
    static EchoUpstream upstream;
    static GatewayFixture gateway;
    static int adminPort;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            adminPort = probe.getLocalPort();
        }
        java.nio.file.Path keys = Files.createTempDirectory("vigil-dev").resolve("keys/dev.jwk");
        String issuer = "http://127.0.0.1:" + adminPort + "/dev";
        gateway = GatewayFixture.start("", "token: " + ADMIN_TOKEN, """
                devIssuer:
                  issuer: %1$s
                  keyFile: %2$s
                  audience: orders-api
                  maxTtl: 10m
                identityProviders:
                  dev:
                    issuer: %1$s
                    audiences: [ orders-api ]
                    tokenType: at+jwt
                upstreams:
                  echo:
                    targets: [ "%3$s" ]
                routes:
                  - id: orders
                    path: /orders
                    upstream: echo
                    auth: [ jwt:dev ]
                    scopes: [ orders:read ]
                """.formatted(issuer, keys, upstream.url()), adminPort);
        assertThat(Files.getPosixFilePermissions(keys)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        upstream.close();
        vertx.close();
    }

    static HttpResponse<String> mint(String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/admin/api/dev-issuer/tokens"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void mintedTokenIsVerifiedThroughDiscoveryAndScopesApply() throws Exception {
        HttpResponse<String> minted = mint("{\"sub\":\"alice\",\"scope\":\"orders:read\",\"ttl\":\"2m\"}", ADMIN_TOKEN);
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(minted.body());
        assertThat(body.path("expires_in").asLong()).isEqualTo(120);
        String token = body.path("access_token").asText();
        HttpResponse<String> call = http.send(HttpRequest.newBuilder(URI.create(gateway.url("/orders")))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(call.statusCode()).as(call.body()).isEqualTo(200);

        String noScope = JSON.readTree(mint("{\"sub\":\"bob\"}", ADMIN_TOKEN).body()).path("access_token").asText();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(gateway.url("/orders")))
                .header("Authorization", "Bearer " + noScope).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(403);
    }

    @Test
    void mintingNeedsTheAdminTokenAndStaysWithinLimits() throws Exception {
        assertThat(mint("{\"sub\":\"alice\"}", null).statusCode()).isEqualTo(401);
        assertThat(mint("{\"sub\":\"alice\"}", "wrong-token-0123456789").statusCode()).isEqualTo(401);
        assertThat(mint("{\"sub\":\"alice\",\"ttl\":\"1h\"}", ADMIN_TOKEN).statusCode()).isEqualTo(400);
        assertThat(mint("{\"scope\":\"x\"}", ADMIN_TOKEN).statusCode()).isEqualTo(400);
        assertThat(mint("not json", ADMIN_TOKEN).statusCode()).isEqualTo(400);
    }

    @Test
    void discoveryAndJwksArePublicAndHoldNoPrivateKey() throws Exception {
        String base = "http://127.0.0.1:" + adminPort + "/dev";
        JsonNode discovery = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(discovery.path("issuer").asText()).isEqualTo(base);
        JsonNode jwks = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(discovery.path("jwks_uri").asText()))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(jwks.path("keys")).hasSize(1);
        assertThat(jwks.path("keys").get(0).has("d")).isFalse();
        assertThat(jwks.path("keys").get(0).path("crv").asText()).isEqualTo("P-256");
    }
}
