package io.vigil.config;

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
import org.junit.jupiter.api.Test;

/** Editing the file reloads it; a broken edit leaves the running config in place. */
class HotReloadTest {

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    int status(GatewayFixture gateway, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.url(path))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void file_changes_reload_and_invalid_edits_are_rejected() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (EchoUpstream upstream = new EchoUpstream(vertx, "a");
                GatewayFixture gateway = GatewayFixture.start("", """
                        upstreams:
                          echo: { targets: [ "%s" ] }
                        routes:
                          - { id: r, path: /before, upstream: echo, auth: [ none ] }
                        """.formatted(upstream.url()));
                ConfigWatcher watcher = new ConfigWatcher(gateway.config, () -> {
                    try {
                        gateway.gateway.reload();
                    } catch (ConfigException e) {
                        // kept the old config
                    }
                })) {
            assertThat(status(gateway, "/before")).isEqualTo(200);
            String base = Files.readString(gateway.config);
            Files.writeString(gateway.config, base.replace("/before", "/after"));
            await().atMost(Duration.ofSeconds(10)).until(() -> status(gateway, "/after") == 200);
            assertThat(status(gateway, "/before")).isEqualTo(404);

            Files.writeString(gateway.config, base.replace("/before", "/broken").replace("auth: [ none ]", "auth: [ ]"));
            Thread.sleep(1500);
            assertThat(status(gateway, "/after")).isEqualTo(200);
            assertThat(status(gateway, "/broken")).isEqualTo(404);
        } finally {
            vertx.close();
        }
    }
}
