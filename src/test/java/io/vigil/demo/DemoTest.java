package io.vigil.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README tour, against the real demo on ephemeral ports. */
class DemoTest {

    @TempDir
    Path dir;

    @Test
    void the_tour_works() throws Exception {
        Vertx vertx = Vertx.vertx();
        Demo demo = Demo.start(vertx, dir.resolve("vigil-demo"), 0, 0, 0);
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String g = "http://127.0.0.1:" + demo.port();
            assertThat(status(http, "GET", g + "/health")).isEqualTo(200);
            HttpResponse<String> order = http.send(HttpRequest.newBuilder(URI.create(g + "/orders/1001")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(order.statusCode()).isEqualTo(200);
            assertThat(order.body()).contains("\"customer\":\"alice\"");
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(g + "/orders"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"customer\":\"carol\",\"item\":\"kettle\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(status(http, "GET", g + "/admin/stats")).isEqualTo(404);
            assertThat(status(http, "GET", g + "/orders/..;/admin/stats")).isEqualTo(400);
            assertThat(status(http, "DELETE", g + "/orders/1001")).isEqualTo(405);
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.adminPort()
                    + "/admin/api/routes")).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .contains("\"id\":\"orders-list\"");
            assertThat(Files.readString(demo.config())).contains("auth: [ none ]");
            assertThat(demo.instructions()).contains(g + "/health", "decisions.jsonl");
        } finally {
            demo.gateway().close();
            demo.upstream().stop();
            vertx.close();
        }
    }

    static int status(HttpClient http, String method, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
