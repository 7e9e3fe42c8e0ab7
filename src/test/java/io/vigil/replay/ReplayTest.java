package io.vigil.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vigil.cli.VigilCli;
import io.vigil.config.ConfigLoader;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.TestIssuer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traffic recorded by a running gateway, decided again under a candidate config: what flips,
 * on which route, for which reason.
 */
class ReplayTest {

    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    static String config(String issuer, String upstream, String ordersExtra, String adminRoles, String statusAuth) {
        return """
                identityProviders:
                  corp: { issuer: "%s", audiences: [ orders ] }
                upstreams:
                  echo: { targets: [ "%s" ] }
                routes:
                  - id: orders
                    path: /tenants/{tenant}/orders
                    upstream: echo
                    auth: [ jwt:corp ]
                %s
                  - id: admin
                    path: /admin
                    upstream: echo
                    auth: [ jwt:corp ]
                    roles: %s
                  - id: status
                    path: /status
                    upstream: echo
                    auth: %s
                """.formatted(issuer, upstream, ordersExtra.indent(4).stripTrailing(), adminRoles, statusAuth);
    }

    @Test
    void aCandidateConfigShowsWhatWouldChange() throws Exception {
        Vertx vertx = Vertx.vertx();
        EchoUpstream upstream = new EchoUpstream(vertx, "a");
        TestIssuer issuer = new TestIssuer();
        Path traffic;
        Path run = Files.createDirectories(dir.resolve("run"));
        Path recording = run.resolve("vigil.yaml");
        // The gateway that records: its decision log also keeps the X-Tenant header.
        Files.writeString(recording, GatewayFixture.yaml(run, "", "", config(issuer.issuer(), upstream.url(), "",
                "[ admin ]", "[ none ]")).replace("decisionLog:\n", "decisionLog:\n  headers: [ x-tenant ]\n"));
        try (GatewayFixture gateway = GatewayFixture.wrap(run, recording, io.vigil.Gateway.start(recording))) {
            long now = System.currentTimeMillis() / 1000;
            String acme = issuer.token().payload("{\"iss\":\"" + issuer.issuer() + "\",\"aud\":\"orders\",\"sub\":\"alice\","
                    + "\"tenant\":\"acme\",\"roles\":[\"clerk\"],\"email\":\"alice@example.com\",\"exp\":" + (now + 300) + "}").rs256();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                    send(gateway, "/status", null, null) == 200 && send(gateway, "/tenants/acme/orders", acme, "acme") == 200);
            // The recorded sample: own tenant, another tenant (allowed today), admin without the role, public status,
            // a bad token, and no token.
            assertThat(send(gateway, "/tenants/globex/orders", acme, "globex")).isEqualTo(200);
            assertThat(send(gateway, "/admin", acme, null)).isEqualTo(403);
            assertThat(send(gateway, "/tenants/acme/orders", "not-a-token", null)).isEqualTo(401);
            assertThat(send(gateway, "/tenants/acme/orders", null, null)).isEqualTo(401);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                    Files.readAllLines(gateway.decisions()).size() >= 6);
            traffic = dir.resolve("decisions.jsonl");
            Files.copy(gateway.decisions(), traffic);
        } finally {
            issuer.close();
            upstream.close();
            vertx.close();
        }
        assertThat(Files.readString(traffic)).contains("\"headers\":{\"x-tenant\":\"globex\"}",
                "\"tenant\":\"acme\"", "\"roles\":[\"clerk\"]").doesNotContain("alice@example.com");
        int junkLine = Files.readAllLines(traffic).size() + 1;
        Files.writeString(traffic, "this is not json\n", java.nio.file.StandardOpenOption.APPEND);

        // The candidate: tenant isolation on orders, clerks may administer, status needs a token.
        Path candidate = dir.resolve("candidate.yaml");
        Files.writeString(candidate, config("https://idp.invalid", "http://127.0.0.1:9",
                "policy:\n  - request.params.tenant == principal.tenant && request.headers['x-tenant'] == principal.tenant",
                "[ clerk ]", "[ jwt:corp ]"));

        ReplayReport report = Replay.run(traffic, ConfigLoader.load(candidate, null, Map.<String, String>of()::get));
        JsonNode json = report.json(Replay.mapper());
        assertThat(json.get("unchanged").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(json.get("notReplayed").get("unreadable").asInt()).isEqualTo(1);
        JsonNode isolation = change(json, ReplayReport.ALLOW_TO_DENY, "orders");
        assertThat(isolation.get("reason").asText()).isEqualTo("policy_denied");
        assertThat(isolation.get("rule").asText()).isEqualTo("orders/policy[0]");
        assertThat(isolation.get("count").asInt()).isEqualTo(1);
        assertThat(isolation.get("examples").get(0).get("path").asText()).isEqualTo("/tenants/globex/orders");
        assertThat(change(json, ReplayReport.DENY_TO_ALLOW, "admin").get("reason").asText()).isEqualTo("role_missing");
        assertThat(change(json, ReplayReport.ALLOW_TO_DENY, "status").get("reason").asText()).isEqualTo("credentials_missing");
        // The refused token and the missing token stay refused, for the same reasons: nothing changes there.
        assertThat(StreamSupport.stream(json.get("changes").spliterator(), false)
                .filter(c -> c.get("route").asText().equals("orders")).count()).isEqualTo(1);

        // The same through the CLI: a table, JSON on request, exit 4 with --fail-on-change.
        String[] out = new String[1];
        int exit = cli(out, "replay", "--traffic", traffic.toString(), "-c", candidate.toString(), "--fail-on-change",
                "--json", dir.resolve("report.json").toString());
        assertThat(exit).isEqualTo(4);
        assertThat(out[0]).contains("CHANGE", "allow → deny", "orders", "policy_denied", "deny → allow", "role_missing",
                "unreadable line " + junkLine);
        assertThat(Replay.mapper().readTree(dir.resolve("report.json").toFile()).get("changed").asInt()).isEqualTo(3);
        assertThat(cli(out, "replay", "--traffic", traffic.toString(), "-c", candidate.toString(), "--format", "json"))
                .isZero();
        assertThat(Replay.mapper().readTree(out[0]).get("changes").size()).isEqualTo(3);
    }

    static JsonNode change(JsonNode report, String change, String route) {
        for (JsonNode c : report.get("changes")) {
            if (c.get("change").asText().equals(change) && c.get("route").asText().equals(route)) {
                return c;
            }
        }
        throw new AssertionError("no " + change + " on " + route + " in " + report.toPrettyString());
    }

    static int send(GatewayFixture gateway, String path, String token, String tenant) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(path))).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (tenant != null) {
            request.header("X-Tenant", tenant);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static int cli(String[] out, String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return VigilCli.run(args);
        } finally {
            System.setOut(saved);
            out[0] = captured.toString(StandardCharsets.UTF_8);
        }
    }
}
