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
            String admin = "http://127.0.0.1:" + demo.adminPort();
            assertThat(status(http, "GET", g + "/health", null)).isEqualTo(200);
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(g + "/orders/1001")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"vigil\", ApiKey realm=\"vigil\"");

            String token = mint(admin, "--sub", "alice", "--scope", "orders:read,orders:write");
            String readOnly = mint(admin, "--sub", "bob", "--scope", "orders:read");
            HttpResponse<String> order = http.send(HttpRequest.newBuilder(URI.create(g + "/orders/1001"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(order.statusCode()).as(order.body()).isEqualTo(200);
            assertThat(order.body()).contains("\"customer\":\"alice\"");
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(g + "/orders"))
                    .header("content-type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"customer\":\"carol\",\"item\":\"kettle\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            HttpResponse<String> forbidden = http.send(HttpRequest.newBuilder(URI.create(g + "/orders"))
                    .header("content-type", "application/json").header("Authorization", "Bearer " + readOnly)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(forbidden.statusCode()).isEqualTo(403);
            assertThat(forbidden.headers().firstValue("www-authenticate").orElse("")).contains("insufficient_scope");
            assertThat(status(http, "GET", g + "/orders/1001", token + "x")).isEqualTo(401);
            // The tour's walk through ids is refused for its risk. Baselines learn on their own thread, a
            // moment behind, so on a loaded machine it may take a few more requests.
            java.util.List<Integer> walk = new java.util.ArrayList<>();
            for (int i = 1; i <= 200 && !walk.contains(403); i++) {
                walk.add(status(http, "GET", g + "/orders/" + i, token));
            }
            assertThat(walk).contains(403);
            assertThat(walk.subList(0, 9)).doesNotContain(403);
            String key = cli("keys", "create", "--admin", admin, "--name", "reporting", "--scope", "orders:read", "--key-only");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(g + "/orders")).header("X-API-Key", key).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(g + "/orders")).header("X-API-Key", key + "x").build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
            cli("revoke", "--admin", admin, "--sub", "alice", "--ttl", "10m");
            assertThat(status(http, "GET", g + "/orders/1001", token)).isEqualTo(401);
            assertThat(status(http, "GET", g + "/admin/stats", null)).isEqualTo(404);
            assertThat(status(http, "GET", g + "/orders/..;/admin/stats", null)).isEqualTo(400);
            assertThat(status(http, "DELETE", g + "/orders/1001", token)).isEqualTo(405);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(admin + "/admin/api/routes")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("\"id\":\"orders-list\"", "jwt:demo");
            assertThat(Files.readString(demo.config())).contains("auth: [ none ]", "devIssuer:");
            assertThat(demo.instructions("vigil")).contains(g + "/health", "decisions.jsonl", "vigil token mint");
        } finally {
            demo.gateway().close();
            demo.upstream().stop();
            vertx.close();
        }
    }

    static int status(HttpClient http, String method, String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** {@code vigil token mint}, as a user runs it, against the demo's admin listener. */
    static String mint(String admin, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "token";
        all[1] = "mint";
        all[2] = "--admin";
        all[3] = admin;
        System.arraycopy(args, 0, all, 4, args.length);
        return cli(all);
    }

    static String cli(String... all) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.out;
        System.setOut(new java.io.PrintStream(out, true));
        int exit;
        try {
            exit = io.vigil.cli.VigilCli.run(all);
        } finally {
            System.setOut(saved);
        }
        assertThat(exit).isZero();
        return out.toString().trim();
    }
}
