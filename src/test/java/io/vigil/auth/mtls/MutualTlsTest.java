package io.vigil.auth.mtls;

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
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Client certificates on the data listener: SPIFFE workloads and devices as principals, and
 * certificate-bound tokens (RFC 8705) accepted only from the certificate they are bound to.
 */
class MutualTlsTest {

    static Vertx vertx;
    static EchoUpstream upstream;
    static TestIssuer issuer;
    static GatewayFixture gateway;
    static SelfSignedCert server;
    static SelfSignedCert workload;
    static SelfSignedCert device;
    static SelfSignedCert stranger;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("vigil-mtls");
        server = SelfSignedCert.create(dir);
        workload = SelfSignedCert.create(dir, "orders", "spiffe://corp.test/ns/shop/sa/orders");
        device = SelfSignedCert.create(dir, "laptop-42");
        stranger = SelfSignedCert.create(dir, "stranger");
        Path cas = dir.resolve("client-cas.pem");
        Files.writeString(cas, Files.readString(workload.certFile()) + Files.readString(device.certFile()));
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        issuer = new TestIssuer();
        gateway = GatewayFixture.start("""
                tls:
                  cert: %s
                  key: %s
                  clientAuth: optional
                  clientCa: %s
                """.formatted(server.certFile(), server.keyFile(), cas), """
                identityProviders:
                  corp: { issuer: "%1$s", audiences: [ orders ] }
                  bound: { issuer: "%1$s", audiences: [ orders ], senderConstraint: mtls }
                upstreams:
                  echo: { targets: [ "%2$s" ] }
                routes:
                  - { id: svc, path: /svc, upstream: echo, auth: [ mtls ] }
                  - { id: orders, path: /orders, upstream: echo, auth: [ jwt:corp ] }
                  - { id: bound, path: /bound, upstream: echo, auth: [ jwt:bound ] }
                """.formatted(issuer.issuer(), upstream.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        issuer.close();
        upstream.close();
        vertx.close();
    }

    static HttpClient client(SSLContext context) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static HttpResponse<String> call(SelfSignedCert clientCert, String path, String token) throws Exception {
        SSLContext context = clientCert == null ? server.trustingContext() : server.trustingContext(clientCert);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client(context).send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String boundTo(SelfSignedCert cert) throws Exception {
        String thumbprint = com.nimbusds.jose.util.Base64URL.encode(java.security.MessageDigest.getInstance("SHA-256")
                .digest(cert.certificate().getEncoded())).toString();
        return claims(",\"cnf\":{\"x5t#S256\":\"" + thumbprint + "\"}");
    }

    static String claims(String extra) {
        return "{\"iss\":\"" + issuer.issuer() + "\",\"aud\":\"orders\",\"sub\":\"alice\",\"exp\":"
                + (System.currentTimeMillis() / 1000 + 300) + extra + "}";
    }

    @Test
    void workloadAndDeviceCertificatesArePrincipals() throws Exception {
        HttpResponse<String> svc = call(workload, "/svc", null);
        assertThat(svc.statusCode()).isEqualTo(200);
        assertThat(call(device, "/svc", null).statusCode()).isEqualTo(200);
        assertThat(call(null, "/svc", null).statusCode()).isEqualTo(401);
        String requestId = svc.headers().firstValue("x-request-id").orElseThrow();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                Files.readString(gateway.decisions()).contains(requestId));
        String line = Files.readAllLines(gateway.decisions()).stream().filter(l -> l.contains(requestId)).findFirst().orElseThrow();
        assertThat(line).contains("spiffe://corp.test/ns/shop/sa/orders").contains("\"mtls\"");
    }

    @Test
    void certificatesFromOtherCasAreNeverAPrincipal() throws Exception {
        // The server names its CAs; a client whose certificate is from another CA presents none
        // (or fails the handshake): either way there is no principal.
        try {
            assertThat(call(stranger, "/svc", null).statusCode()).isEqualTo(401);
        } catch (java.io.IOException handshakeRefused) {
            // Also acceptable: the handshake itself refused the certificate.
        }
    }

    @Test
    void certificateBoundTokenOnlyFromItsCertificate() throws Exception {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> call(workload, "/orders", issuer.token().rs256()).statusCode() == 200);
        String token = issuer.token().payload(boundTo(workload)).rs256();
        assertThat(call(workload, "/orders", token).statusCode()).isEqualTo(200);
        HttpResponse<String> other = call(device, "/orders", token);
        assertThat(other.statusCode()).isEqualTo(401);
        assertThat(other.headers().firstValue("www-authenticate").orElse("")).contains("invalid_token");
        assertThat(other.body()).contains("token_binding_mismatch");
        assertThat(call(null, "/orders", token).statusCode()).isEqualTo(401);
    }

    @Test
    void providerDemandingBindingRefusesUnboundTokens() throws Exception {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> call(workload, "/bound", issuer.token().payload(boundTo(workload)).rs256()).statusCode() == 200);
        assertThat(call(workload, "/bound", issuer.token().rs256()).statusCode()).isEqualTo(401);
    }

    @Test
    void dpopBoundTokenIsNotABearerToken() throws Exception {
        String token = issuer.token().payload(claims(",\"cnf\":{\"jkt\":\"0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I\"}")).rs256();
        HttpResponse<String> response = call(workload, "/orders", token);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("token_binding_mismatch");
    }

    @Test
    void requiredClientAuthRefusesConnectionsWithoutACertificate() throws Exception {
        try (GatewayFixture strict = GatewayFixture.start("""
                tls: { cert: %s, key: %s, clientAuth: required, clientCa: %s }
                """.formatted(server.certFile(), server.keyFile(), workload.certFile()), """
                upstreams:
                  echo: { targets: [ "%s" ] }
                routes:
                  - { id: svc, path: /svc, upstream: echo, auth: [ mtls ] }
                """.formatted(upstream.url()))) {
            URI uri = URI.create("https://localhost:" + strict.port() + "/svc");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client(server.trustingContext())
                    .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.io.IOException.class);
            assertThat(client(server.trustingContext(workload)).send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }
}
