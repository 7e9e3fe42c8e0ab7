package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vigil.testing.EchoUpstream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `vigil serve` as a real process: SIGHUP reloads, SIGTERM stops it cleanly. */
class ServeProcessTest {

    @TempDir
    Path dir;

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void sighup_reloads_and_sigterm_stops() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (EchoUpstream upstream = new EchoUpstream(vertx, "a")) {
            int port = freePort();
            int admin = freePort();
            Path config = dir.resolve("vigil.yaml");
            String yaml = """
                    server: { listen: 127.0.0.1:%d }
                    admin: { listen: 127.0.0.1:%d }
                    store: { url: "jdbc:sqlite:%s" }
                    decisionLog: { file: %s }
                    upstreams:
                      echo: { targets: [ "%s" ] }
                    routes:
                      - { id: r, path: /before, upstream: echo, auth: [ none ] }
                    """.formatted(port, admin, dir.resolve("v.db"), dir.resolve("d.jsonl"), upstream.url());
            Files.writeString(config, yaml);
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(List.of(javaBin, "-cp", System.getProperty("java.class.path"),
                    "io.vigil.cli.VigilCli", "serve", "--no-watch", "-c", config.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
            try {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                String base = "http://127.0.0.1:" + port;
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> status(http, base + "/before") == 200);
                Files.writeString(config, yaml.replace("/before", "/after"));
                new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor();
                await().atMost(Duration.ofSeconds(10)).until(() -> status(http, base + "/after") == 200);
                assertThat(status(http, base + "/before")).isEqualTo(404);
                new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
                assertThat(process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                // Everything queued for the decision log was written before exit.
                assertThat(Files.readString(dir.resolve("d.jsonl"))).contains("\"route\":\"r\"").contains("/after");
            } finally {
                process.destroyForcibly();
            }
        } finally {
            vertx.close();
        }
    }

    static int status(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
