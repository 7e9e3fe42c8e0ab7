package io.vigil.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.testing.GatewayFixture;
import io.vigil.testing.SelfSignedCert;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The admin listener with mTLS instead of a token: the handshake is the credential. */
class AdminMutualTlsTest {

    static final String ROUTES = """
            upstreams:
              a: { targets: [ "http://127.0.0.1:9" ] }
            routes:
              - { id: r, path: /r, upstream: a, auth: [ none ] }
            """;

    @Test
    void a_client_certificate_from_the_configured_ca_is_the_admin_credential() throws Exception {
        Path dir = Files.createTempDirectory("vigil-admin-mtls");
        SelfSignedCert server = SelfSignedCert.create(dir);
        SelfSignedCert operator = SelfSignedCert.create(dir, "operator");
        SelfSignedCert stranger = SelfSignedCert.create(dir, "stranger");
        try (GatewayFixture gateway = GatewayFixture.start("", "tls: { cert: " + server.certFile() + ", key: "
                + server.keyFile() + ", clientCa: " + operator.certFile() + " }", ROUTES)) {
            String url = "https://127.0.0.1:" + gateway.gateway.adminPort() + "/admin/api/routes";
            HttpClient trusted = HttpClient.newBuilder().sslContext(server.trustingContext(operator)).build();
            HttpResponse<String> ok = trusted.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("\"id\":\"r\"");

            HttpClient wrongCert = HttpClient.newBuilder().sslContext(server.trustingContext(stranger)).build();
            assertThatThrownBy(() -> wrongCert.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
            HttpClient noCert = HttpClient.newBuilder().sslContext(server.trustingContext()).build();
            assertThatThrownBy(() -> noCert.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void off_loopback_mtls_stands_in_for_the_token() throws Exception {
        Path dir = Files.createTempDirectory("vigil-admin-mtls");
        SelfSignedCert server = SelfSignedCert.create(dir);
        SelfSignedCert operator = SelfSignedCert.create(dir, "operator");
        Path file = dir.resolve("vigil.yaml");
        String base = "admin:\n  listen: 0.0.0.0:19999\n";
        Files.writeString(file, base + ROUTES);
        assertThatThrownBy(() -> io.vigil.config.ConfigLoader.load(file, null))
                .hasMessageContaining("admin.token: is required");
        Files.writeString(file, base + "  tls: { cert: " + server.certFile() + ", key: " + server.keyFile()
                + ", clientCa: " + operator.certFile() + " }\n" + ROUTES);
        assertThat(io.vigil.config.ConfigLoader.load(file, null).config().admin().mutualTls()).isTrue();
    }
}
