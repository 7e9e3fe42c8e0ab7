package io.vigil.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin listener: health, metrics, routes, reload, and its token. */
class AdminTest {

    static final String TOKEN = "test-admin-token-0123456789";
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Vertx vertx;
    EchoUpstream upstream;
    GatewayFixture gateway;

    static String routes(String url, String path) {
        return """
                upstreams:
                  echo:
                    targets: [ "%s" ]
                routes:
                  - id: r
                    path: %s
                    upstream: echo
                    auth: [ none ]
                """.formatted(url, path);
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        gateway = GatewayFixture.start("", "token: " + TOKEN, routes(upstream.url(), "/one"));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        upstream.close();
        vertx.close();
    }

    HttpResponse<String> admin(String method, String path, boolean withToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.adminUrl(path)))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (withToken) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    int status(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.url(path))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void health_and_readiness_need_no_token() throws Exception {
        assertThat(admin("GET", "/healthz", false).statusCode()).isEqualTo(200);
        assertThat(admin("GET", "/readyz", false).statusCode()).isEqualTo(200);
    }

    @Test
    void the_admin_api_needs_the_token() throws Exception {
        HttpResponse<String> denied = admin("GET", "/admin/api/routes", false);
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(denied.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"vigil-admin\"");
        HttpRequest wrong = HttpRequest.newBuilder(URI.create(gateway.adminUrl("/admin/api/routes")))
                .header("Authorization", "Bearer " + TOKEN + "x").build();
        assertThat(http.send(wrong, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        HttpResponse<String> ok = admin("GET", "/admin/api/routes", true);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"id\":\"r\"", "\"path\":\"/one\"", "\"healthy\":true");
        assertThat(admin("GET", "/metrics", false).statusCode()).isEqualTo(401);
    }

    @Test
    void the_data_port_never_serves_the_admin_api() throws Exception {
        assertThat(status("/admin/api/routes")).isEqualTo(404);
        assertThat(status("/metrics")).isEqualTo(404);
    }

    @Test
    void metrics_count_requests_by_route_status_and_reason() throws Exception {
        assertThat(status("/one")).isEqualTo(200);
        assertThat(status("/two")).isEqualTo(404);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String metrics = admin("GET", "/metrics", true).body();
            assertThat(metrics).contains("vigil_requests_total{reason=\"allowed\",route=\"r\",status=\"200\"} 1.0")
                    .contains("vigil_requests_total{reason=\"no_route\",route=\"\",status=\"404\"} 1.0")
                    .contains("vigil_request_duration_seconds_bucket");
        });
    }

    @Test
    void reload_swaps_a_valid_config_and_keeps_the_old_one_when_invalid() throws Exception {
        String base = Files.readString(gateway.config);
        Files.writeString(gateway.config, base.replace("path: /one", "path: /two"));
        HttpResponse<String> ok = admin("POST", "/admin/api/config/reload", true);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(status("/two")).isEqualTo(200);
        assertThat(status("/one")).isEqualTo(404);

        Files.writeString(gateway.config, base.replace("path: /one", "path: /three\n    colour: red"));
        HttpResponse<String> rejected = admin("POST", "/admin/api/config/reload", true);
        assertThat(rejected.statusCode()).isEqualTo(422);
        assertThat(rejected.body()).contains("routes[0].colour: unknown field");
        assertThat(status("/two")).isEqualTo(200);
        assertThat(status("/three")).isEqualTo(404);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(admin("GET", "/metrics", true).body())
                .contains("vigil_config_reloads_total{result=\"failure\"} 1.0")
                .contains("vigil_config_reloads_total{result=\"success\"} 1.0"));
        assertThat(admin("GET", "/admin/api/config/reload", true).statusCode()).isEqualTo(405);
    }
}
