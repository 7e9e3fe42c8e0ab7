package io.vigil.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real OIDC server: discovery, its JWKS, and the tokens it issues. */
class OidcProviderTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static MockOAuth2Server oidc;
    static Vertx vertx;
    static EchoUpstream upstream;
    static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        oidc = new MockOAuth2Server();
        oidc.start(java.net.InetAddress.getLoopbackAddress(), 0);
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        gateway = GatewayFixture.start("", """
                identityProviders:
                  corp:
                    issuer: "%s"
                    audiences: [ orders-api ]
                    claims: { roles: groups }
                upstreams:
                  echo:
                    targets: [ "%s" ]
                routes:
                  - id: orders
                    path: /orders
                    upstream: echo
                    auth: [ jwt:corp ]
                    scopes: [ orders:read ]
                """.formatted(oidc.issuerUrl("corp"), upstream.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        upstream.close();
        vertx.close();
        oidc.shutdown();
    }

    static String issue(String subject, List<String> audience, Map<String, Object> claims) {
        return oidc.issueToken("corp", "orders-client",
                new DefaultOAuth2TokenCallback("corp", subject, "JWT", audience, claims, 600)).serialize();
    }

    static HttpResponse<String> call(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.url("/orders")))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void tokenFromTheIdentityProviderIsAcceptedThroughDiscovery() throws Exception {
        String token = issue("alice", List.of("orders-api"), Map.of("scope", "openid orders:read", "groups", List.of("buyers")));
        HttpResponse<String> response = call(token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode echoed = JSON.readTree(response.body());
        assertThat(echoed.path("headers").path("authorization").asText()).isEqualTo("Bearer " + token);
    }

    @Test
    void tokenForAnotherAudienceOrWithoutTheScopeIsRefused() throws Exception {
        HttpResponse<String> audience = call(issue("alice", List.of("billing"), Map.of("scope", "orders:read")));
        assertThat(audience.statusCode()).isEqualTo(401);
        assertThat(audience.headers().firstValue("www-authenticate").orElse("")).contains("invalid_token");
        HttpResponse<String> scope = call(issue("alice", List.of("orders-api"), Map.of("scope", "openid")));
        assertThat(scope.statusCode()).isEqualTo(403);
        assertThat(scope.headers().firstValue("www-authenticate").orElse("")).contains("insufficient_scope");
    }

    @Test
    void tokenFromAnotherIssuerOnTheSameServerIsRefused() throws Exception {
        String other = oidc.issueToken("other", "orders-client",
                new DefaultOAuth2TokenCallback("other", "mallory", "JWT", List.of("orders-api"), Map.of("scope", "orders:read"), 600))
                .serialize();
        assertThat(call(other).statusCode()).isEqualTo(401);
    }
}
