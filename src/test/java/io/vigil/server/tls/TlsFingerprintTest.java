package io.vigil.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.SelfSignedCert;
import io.vigil.testing.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS fingerprints over real TLS connections from two differently configured clients: read on
 * HTTP/1.1 and HTTP/2, readable by policies, and a session that moves to another TLS stack while
 * keeping its User-Agent is caught by risk scoring.
 */
class TlsFingerprintTest {

    static Vertx vertx;
    static EchoUpstream upstream;
    static TestIssuer issuer;
    static GatewayFixture gateway;
    static SelfSignedCert server;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("vigil-ja4");
        server = SelfSignedCert.create(dir);
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        issuer = new TestIssuer();
        gateway = GatewayFixture.start("""
                tls: { cert: %s, key: %s }
                """.formatted(server.certFile(), server.keyFile()), """
                risk: {}
                identityProviders:
                  corp: { issuer: "%s", audiences: [ orders ] }
                upstreams:
                  echo: { targets: [ "%s" ] }
                routes:
                  - id: tls13
                    path: /tls13
                    upstream: echo
                    auth: [ none ]
                    policy: [ "device.tls_ja4.startsWith('t13') && device.tls_ja3.size() == 32" ]
                  - id: vault
                    path: /vault
                    upstream: echo
                    auth: [ jwt:corp ]
                    risk: { denyAbove: 39 }
                """.formatted(issuer.issuer(), upstream.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        issuer.close();
        upstream.close();
        vertx.close();
    }

    /** The JDK's default client: TLS 1.3 and 1.2, its full cipher list. */
    static HttpClient modern(HttpClient.Version version) throws Exception {
        return HttpClient.newBuilder().version(version).sslContext(server.trustingContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Another TLS stack as far as a server can tell: TLS 1.2 only, two cipher suites. */
    static HttpClient legacy() throws Exception {
        SSLParameters parameters = new SSLParameters(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"}, new String[] {"TLSv1.2"});
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(server.trustingContext())
                .sslParameters(parameters).connectTimeout(Duration.ofSeconds(5)).build();
    }

    static HttpResponse<String> get(HttpClient client, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(10)).header("User-Agent", "orders-app/2.1");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void policiesReadTheFingerprintOnBothProtocols() throws Exception {
        HttpResponse<String> h1 = get(modern(HttpClient.Version.HTTP_1_1), "/tls13", null);
        assertThat(h1.statusCode()).isEqualTo(200);
        HttpResponse<String> h2 = get(modern(HttpClient.Version.HTTP_2), "/tls13", null);
        assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(h2.statusCode()).isEqualTo(200);
        HttpResponse<String> old = get(legacy(), "/tls13", null);
        assertThat(old.statusCode()).isEqualTo(403);
        assertThat(old.body()).contains("policy_denied");
    }

    @Test
    void aSessionMovedToAnotherTlsStackIsRefusedWithTheReason() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String token = issuer.token().payload("{\"iss\":\"" + issuer.issuer() + "\",\"aud\":\"orders\",\"sub\":\"erin\","
                + "\"sid\":\"s-ja4\",\"acr\":\"mfa\",\"exp\":" + (now + 300) + "}").rs256();
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> get(modern(HttpClient.Version.HTTP_1_1), "/vault", token).statusCode() == 200);
        // A new connection (new client) with the same stack is the same device.
        assertThat(get(modern(HttpClient.Version.HTTP_1_1), "/vault", token).statusCode()).isEqualTo(200);
        // Same User-Agent, same token, another TLS stack: the token was copied elsewhere.
        HttpResponse<String> replayed = get(legacy(), "/vault", token);
        assertThat(replayed.statusCode()).isEqualTo(403);
        assertThat(replayed.body()).contains("risk_too_high");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(gateway.decisions())
                .contains("\"evidence\":\"session began on another client (TLS fingerprint changed)\""));
    }
}
