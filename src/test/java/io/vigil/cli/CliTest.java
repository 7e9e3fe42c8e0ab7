package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int exit = VigilCli.run(args);
            return new Result(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void check_accepts_a_valid_file() throws Exception {
        Path file = dir.resolve("ok.yaml");
        Files.writeString(file, """
                upstreams:
                  a: { targets: [ "http://127.0.0.1:9000" ] }
                routes:
                  - { id: r, path: /r, upstream: a, auth: [ none ] }
                """);
        Result r = run("check", "-c", file.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("OK (1 routes, 1 upstreams)");
    }

    @Test
    void check_prints_every_error_and_exits_3() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                upstreams:
                  a: { targets: [ "http://127.0.0.1:9000" ], colour: blue }
                routes:
                  - { id: r, path: /r, upstream: b, auth: [ none ] }
                """);
        Result r = run("check", "-c", file.toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains(file + ":2:46: upstreams.a.colour: unknown field")
                .contains("routes[0].upstream: unknown upstream 'b'")
                .contains("2 errors in " + file);
    }

    @Test
    void check_of_a_missing_file_exits_3() {
        Result r = run("check", "-c", dir.resolve("nope.yaml").toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("cannot read");
    }

    @Test
    void usage_errors_exit_2_and_help_is_everywhere() {
        assertThat(run("check").exit()).isEqualTo(2);
        assertThat(run("frobnicate").exit()).isEqualTo(2);
        for (String command : new String[] {"serve", "check", "demo", "version"}) {
            Result r = run(command, "--help");
            assertThat(r.exit()).isZero();
            assertThat(r.out()).contains("Usage: vigil " + command);
        }
        Result top = run("--help");
        assertThat(top.out()).contains("serve", "check", "demo", "version", "Exit codes:");
    }

    @Test
    void version_prints_the_runtime() {
        Result r = run("version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("vigil ").contains("java 17");
    }

    @Test
    void check_warns_when_the_development_issuer_is_on() throws Exception {
        Path file = dir.resolve("dev.yaml");
        Files.writeString(file, """
                devIssuer: { issuer: "http://127.0.0.1:9090/dev-issuer", keyFile: %s }
                upstreams:
                  a: { targets: [ "http://127.0.0.1:9000" ] }
                routes:
                  - { id: r, path: /r, upstream: a, auth: [ none ] }
                """.formatted(dir.resolve("k.jwk")));
        Result r = run("check", "-c", file.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("warning: devIssuer is enabled");
    }

    @Test
    void token_mint_says_what_to_do_when_no_gateway_answers() {
        Result r = run("token", "mint", "--sub", "alice", "--admin", "http://127.0.0.1:1");
        assertThat(r.exit()).isEqualTo(VigilCli.EXIT_FAILURE);
        assertThat(r.err()).contains("cannot reach the admin API at http://127.0.0.1:1").contains("is the gateway running?");
    }

    @Test
    void management_commands_find_the_demo_folder_config() throws Exception {
        Files.createDirectories(dir.resolve("vigil-demo"));
        Files.writeString(dir.resolve("vigil-demo/vigil.yaml"), """
                admin: { listen: "127.0.0.1:19191", token: "a-long-admin-token-123" }
                routes: []
                """);
        AdminClient client = AdminClient.locate(null, dir);
        assertThat(client.base().toString()).isEqualTo("http://127.0.0.1:19191");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AdminClient.locate(null, dir.resolve("elsewhere")))
                .hasMessageContaining("--admin");
    }

    @Test
    void discover_logs_lists_endpoints_and_malformed_lines() throws Exception {
        Path log = dir.resolve("access.log");
        Files.writeString(log, """
                10.0.0.1 - - [28/Nov/2026:10:00:01 +0000] "GET /shop/items/17 HTTP/1.1" 200 12 "-" "x"
                10.0.0.1 - - [28/Nov/2026:10:00:02 +0000] "GET /shop/items/18 HTTP/1.1" 404 12 "-" "x"
                garbage
                """);
        Result table = run("discover", "logs", log.toString(), "--format", "nginx");
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).contains("GET     /shop/items/{id}", "200x1 404x1", "1 endpoints from 3 records; 1 malformed",
                "access.log:3: not an nginx combined or common line");
        Result json = run("discover", "logs", log.toString(), "--format", "nginx", "--output", "json");
        assertThat(json.out()).contains("\"template\" : \"/shop/items/{id}\"", "\"malformed\" : 1");
        assertThat(run("discover", "logs", log.toString(), "--format", "apache").exit()).isEqualTo(VigilCli.EXIT_USAGE);
    }

    @Test
    void discover_code_lists_endpoints_with_file_and_line() throws Exception {
        Path src = Files.createDirectories(dir.resolve("svc"));
        Files.writeString(src.resolve("app.py"), """
                from fastapi import FastAPI
                app = FastAPI()


                @app.get("/items/{item_id}")
                def item(item_id: int):
                    return {}
                """);
        Files.writeString(src.resolve("Broken.java"), "class Broken { void x( }");
        Result r = run("discover", "code", src.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("GET", "/items/{item_id}", "python/fastapi", "app.py:5", "1 endpoints in 1 files",
                "skipped " + src.resolve("Broken.java") + ": does not parse");
        assertThat(run("discover", "code", src.toString(), "--import").exit()).as("--import needs -c").isEqualTo(VigilCli.EXIT_USAGE);
    }

    @Test
    void discover_logs_judges_against_a_spec() throws Exception {
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, """
                openapi: 3.0.3
                info: { title: t, version: "1" }
                paths:
                  /shop/items/{id}:
                    get: { responses: { "200": { description: ok } } }
                  /shop/old:
                    get: { deprecated: true, responses: { "200": { description: ok } } }
                """);
        Path log = dir.resolve("access.log");
        Files.writeString(log, """
                10.0.0.1 - - [28/Nov/2026:10:00:01 +0000] "GET /shop/items/17 HTTP/1.1" 200 12 "-" "x"
                10.0.0.1 - - [28/Nov/2026:10:00:02 +0000] "GET /shop/old HTTP/1.1" 200 12 "-" "x"
                10.0.0.1 - - [28/Nov/2026:10:00:03 +0000] "POST /shop/admin/reindex HTTP/1.1" 202 12 "-" "x"
                """);
        Result r = run("discover", "logs", log.toString(), "--format", "nginx", "--spec", spec.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("| shadow | 1 |", "| zombie | 1 |", "### POST /shop/admin/reindex", "deprecated in");
    }
}
