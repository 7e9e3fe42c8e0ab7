package io.vigil.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.MmdbWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** risk.geoDb / risk.asnDb (MaxMind format) through a real gateway: policies read network.country and network.asn, risk knows bad ASNs. */
class GeoDatabaseTest {

    static Vertx vertx;
    static EchoUpstream upstream;
    static GatewayFixture gateway;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        Path dir = Files.createTempDirectory("vigil-geo");
        new MmdbWriter()
                .add("198.51.100.0/24", Map.of("country", Map.of("iso_code", "DE"), "location", Map.of("latitude", 52.5, "longitude", 13.4)))
                .add("203.0.113.0/24", Map.of("country", Map.of("iso_code", "BR")))
                .add("2001:db8::/32", Map.of("country", Map.of("iso_code", "NL")))
                .write(dir.resolve("city.mmdb"), "GeoLite2-City");
        new MmdbWriter().add("198.51.100.0/24", Map.of("autonomous_system_number", 64500L)).write(dir.resolve("asn.mmdb"), "GeoLite2-ASN");
        gateway = GatewayFixture.start("trustedProxies: [ 127.0.0.1/32 ]", """
                risk:
                  geoDb: %1$s/city.mmdb
                  asnDb: %1$s/asn.mmdb
                  knownBadAsns: [ 64500 ]
                upstreams:
                  echo: { targets: [ "%2$s" ] }
                routes:
                  - id: open
                    path: /open
                    upstream: echo
                    auth: [ none ]
                    risk: { denyAbove: 50 }
                  - id: local
                    path: /local
                    upstream: echo
                    auth: [ none ]
                    policy: [ "network.country != 'BR' && network.asn != 64501" ]
                """.formatted(dir, upstream.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        upstream.close();
        vertx.close();
    }

    static HttpResponse<String> from(String address, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.url(path))).header("X-Forwarded-For", address)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAddressInAKnownBadAutonomousSystemIsRisky() throws Exception {
        HttpResponse<String> refused = from("198.51.100.7", "/open");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("risk_too_high");
        assertThat(from("2001:db8::7", "/open").statusCode()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(gateway.decisions())
                .contains("{\"name\":\"network.known_bad\",\"weight\":60,\"evidence\":\"AS64500\"}"));
    }

    @Test
    void policiesReadCountryAndAsnFromTheDatabases() throws Exception {
        assertThat(from("203.0.113.9", "/local").statusCode()).isEqualTo(403);
        assertThat(from("2001:db8::7", "/local").statusCode()).isEqualTo(200);
        assertThat(from("192.0.2.1", "/local").statusCode()).as("unknown: country '' and asn 0").isEqualTo(200);
    }
}
