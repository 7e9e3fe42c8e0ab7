package io.vigil.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.vertx.core.Vertx;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 7662 introspection: against a real OIDC server, and against an endpoint we control for
 * caching, negative answers, outages and client authentication.
 */
class IntrospectionTest {

    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static MockOAuth2Server oidc;
    static TestIssuer idp;
    static Vertx vertx;
    static EchoUpstream upstream;
    static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        oidc = new MockOAuth2Server();
        oidc.start(java.net.InetAddress.getLoopbackAddress(), 0);
        idp = new TestIssuer();
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        Path key = Files.createTempDirectory("vigil-introspect").resolve("client.jwk");
        ECKey clientKey = new ECKeyGenerator(Curve.P_256).keyID("client-1").generate();
        Files.writeString(key, clientKey.toJSONString());
        gateway = GatewayFixture.start("", """
                identityProviders:
                  oidc:
                    issuer: "%1$s"
                    audiences: [ orders-api ]
                    introspection: { endpoint: "%1$s/introspect", clientId: gateway, clientSecret: "s3cret" }
                  opaque:
                    issuer: "%2$s"
                    audiences: [ orders ]
                    introspection: { endpoint: "%2$s/introspect", clientId: "gw:1", clientSecret: "p@ss word", timeout: 1s }
                  signed:
                    issuer: "%2$s"
                    audiences: [ orders ]
                    introspection: { endpoint: "%2$s/introspect", clientId: gateway, clientAssertionKey: %3$s }
                upstreams:
                  echo: { targets: [ "%4$s" ] }
                routes:
                  - { id: oidc, path: /oidc, upstream: echo, auth: [ jwt:oidc ], scopes: [ orders:read ] }
                  - { id: opaque, path: /opaque, upstream: echo, auth: [ jwt:opaque ] }
                  - { id: signed, path: /signed, upstream: echo, auth: [ jwt:signed ] }
                """.formatted(oidc.issuerUrl("corp").toString().replaceAll("/$", ""), idp.issuer(), key, upstream.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        upstream.close();
        vertx.close();
        idp.close();
        oidc.shutdown();
    }

    static HttpResponse<String> call(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.url(path))).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String active(String sub, String scope, long expIn) {
        return "{\"active\":true,\"sub\":\"" + sub + "\",\"scope\":\"" + scope + "\",\"client_id\":\"app\",\"exp\":"
                + (System.currentTimeMillis() / 1000 + expIn) + ",\"iss\":\"" + idp.issuer() + "\",\"aud\":\"orders\"}";
    }

    @Test
    void realServerIntrospectsItsTokens() throws Exception {
        String token = oidc.issueToken("corp", "app", new DefaultOAuth2TokenCallback("corp", "alice", "JWT",
                List.of("orders-api"), Map.of("scope", "orders:read"), 600)).serialize();
        HttpResponse<String> ok = call("/oidc", token);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(call("/oidc", "not-a-token-the-server-issued").statusCode()).isEqualTo(401);
    }

    @Test
    void activeAnswersAreCachedAndInactiveOnesRefused() throws Exception {
        idp.introspection.put("opaque-1", active("alice", "orders:read", 300));
        int before = idp.introspections.get();
        for (int i = 0; i < 5; i++) {
            assertThat(call("/opaque", "opaque-1").statusCode()).isEqualTo(200);
        }
        assertThat(idp.introspections.get() - before).isEqualTo(1);
        // Basic client authentication, each part form-encoded (RFC 6749 §2.3.1).
        assertThat(idp.lastIntrospectionAuthorization).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString("gw%3A1:p%40ss+word".getBytes()));

        int mid = idp.introspections.get();
        HttpResponse<String> inactive = call("/opaque", "opaque-unknown");
        assertThat(inactive.statusCode()).isEqualTo(401);
        assertThat(inactive.headers().firstValue("www-authenticate").orElse("")).contains("invalid_token");
        assertThat(call("/opaque", "opaque-unknown").statusCode()).isEqualTo(401);
        assertThat(idp.introspections.get() - mid).isEqualTo(1);

        idp.introspection.put("opaque-expired", active("bob", "x", -60));
        assertThat(call("/opaque", "opaque-expired").statusCode()).isEqualTo(401);
        idp.introspection.put("opaque-elsewhere", active("bob", "x", 300).replace("\"aud\":\"orders\"", "\"aud\":\"billing\""));
        assertThat(call("/opaque", "opaque-elsewhere").statusCode()).isEqualTo(401);
        idp.introspection.put("opaque-no-aud", active("bob", "x", 300).replace(",\"aud\":\"orders\"", ""));
        assertThat(call("/opaque", "opaque-no-aud").statusCode()).isEqualTo(401);
        idp.introspection.put("opaque-refresh", active("bob", "x", 300).replace("}", ",\"token_type\":\"refresh_token\"}"));
        assertThat(call("/opaque", "opaque-refresh").statusCode()).isEqualTo(401);
    }

    @Test
    void endpointDownOrHangingIsServiceUnavailableAndNotCached() throws Exception {
        idp.introspection.put("opaque-outage", active("carol", "x", 300));
        idp.mode = TestIssuer.Mode.ERROR;
        try {
            HttpResponse<String> down = call("/opaque", "opaque-outage");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("identity_provider_unavailable");
            idp.mode = TestIssuer.Mode.HANG;
            long start = System.nanoTime();
            assertThat(call("/opaque", "opaque-outage-2").statusCode()).isEqualTo(503);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            idp.mode = TestIssuer.Mode.OK;
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> call("/opaque", "opaque-outage").statusCode() == 200);
    }

    @Test
    void privateKeyJwtClientAuthentication() throws Exception {
        idp.introspection.put("opaque-signed", active("dave", "x", 300));
        assertThat(call("/signed", "opaque-signed").statusCode()).isEqualTo(200);
        assertThat(idp.lastIntrospectionAuthorization).isNull();
        assertThat(idp.lastIntrospectionForm).contains("client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer")
                .contains("client_assertion=ey").contains("client_id=gateway");
    }
}
