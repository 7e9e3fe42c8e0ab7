package io.vigil.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.RawHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The proxy over real sockets: headers both ways, bodies, errors, and what the upstream sees. */
class ProxyTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static Vertx vertx;
    static EchoUpstream upstream;
    static GatewayFixture gateway;
    static HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        gateway = GatewayFixture.start("trustedProxies: [ 10.9.0.0/16 ]\n", """
                upstreams:
                  echo:
                    targets: [ "%s" ]
                    timeouts: { responseHeaders: 500ms }
                  dead:
                    targets: [ "http://127.0.0.1:1" ]
                    retries: 0
                    circuitBreaker: { enabled: false }
                routes:
                  - id: orders
                    methods: [ GET ]
                    path: /orders/{id}
                    upstream: echo
                    auth: [ none ]
                  - id: upload
                    methods: [ POST ]
                    path: /upload
                    upstream: echo
                    auth: [ none ]
                    maxBodySize: 1KiB
                  - id: big-upload
                    methods: [ POST ]
                    path: /big
                    upstream: echo
                    auth: [ none ]
                    maxBodySize: 20MiB
                  - id: files
                    path: /files/{rest*}
                    upstream: echo
                    auth: [ none ]
                  - id: slow
                    path: /delay/{ms}
                    upstream: echo
                    auth: [ none ]
                  - id: bytes
                    path: /bytes/{n}
                    upstream: echo
                    auth: [ none ]
                  - id: dead
                    path: /dead
                    upstream: dead
                    auth: [ none ]
                """.formatted(upstream.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.assertNothingOutstanding();
        gateway.close();
        upstream.close();
        vertx.close();
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.url(path))).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void proxies_with_clean_forwarding_headers() throws Exception {
        HttpResponse<String> response = get("/orders/42?x=1",
                "X-Forwarded-For", "6.6.6.6", "X-Real-IP", "6.6.6.6", "Forwarded", "for=6.6.6.6",
                "X-Forwarded-Host", "evil.example", "X-Request-Id", "attacker-chosen-id");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode seen = JSON.readTree(response.body());
        assertThat(seen.get("uri").asText()).isEqualTo("/orders/42?x=1");
        JsonNode h = seen.get("headers");
        assertThat(h.get("x-forwarded-for").asText()).isEqualTo("127.0.0.1");
        assertThat(h.has("x-real-ip")).isFalse();
        assertThat(h.get("forwarded").asText()).startsWith("for=127.0.0.1;proto=http");
        assertThat(h.get("x-forwarded-proto").asText()).isEqualTo("http");
        assertThat(h.get("x-forwarded-host").asText()).isEqualTo("127.0.0.1:" + gateway.port());
        assertThat(h.get("via").asText()).isEqualTo("1.1 vigil");
        String requestId = h.get("x-request-id").asText();
        assertThat(requestId).matches("[0-9a-f]{32}").isNotEqualTo("attacker-chosen-id");
        assertThat(response.headers().firstValue("x-request-id")).hasValue(requestId);
        // Response hop-by-hop headers and those named by Connection stay behind.
        assertThat(response.headers().firstValue("x-upstream-secret")).isEmpty();
        assertThat(response.headers().firstValue("keep-alive")).isEmpty();
    }

    @Test
    void strips_hop_by_hop_request_headers_and_those_named_by_connection() throws Exception {
        RawHttp.Reply reply = RawHttp.send(gateway.port(), "GET /orders/1 HTTP/1.1\r\nHost: a\r\n"
                + "Connection: close, X-Secret-Hop\r\nX-Secret-Hop: 1\r\nKeep-Alive: 5\r\nTE: trailers\r\n"
                + "Proxy-Authorization: Basic Zm9vOmJhcg==\r\nX-Kept: yes\r\nX_Forwarded_For: 6.6.6.6\r\n"
                + "X-Original-URL: /admin\r\nX-HTTP-Method-Override: DELETE\r\nTrue-Client-IP: 6.6.6.6\r\n"
                + "Connection: x-second-line\r\nX-Second-Line: gone\r\n\r\n", 3000);
        assertThat(reply.status()).isEqualTo(200);
        String body = reply.text().substring(reply.text().indexOf("\r\n\r\n") + 4);
        JsonNode h = JSON.readTree(body).get("headers");
        assertThat(h.has("x-secret-hop")).isFalse();
        assertThat(h.has("keep-alive")).isFalse();
        assertThat(h.has("te")).isFalse();
        assertThat(h.has("proxy-authorization")).isFalse();
        assertThat(h.get("x-kept").asText()).isEqualTo("yes");
        // Names upstream frameworks would read as a different client, path or method.
        assertThat(h.has("x_forwarded_for")).isFalse();
        assertThat(h.has("x-original-url")).isFalse();
        assertThat(h.has("x-http-method-override")).isFalse();
        assertThat(h.has("true-client-ip")).isFalse();
        // Every Connection line counts, not just the first.
        assertThat(h.has("x-second-line")).isFalse();
    }

    @Test
    void the_path_sent_upstream_is_the_normalised_one() throws Exception {
        RawHttp.Reply reply = RawHttp.send(gateway.port(),
                "GET /files/a/./b/../c/%7Euser/caf%c3%a9 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", 3000);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).contains("\"uri\":\"/files/a/c/~user/caf%C3%A9\"");
    }

    @Test
    void streams_a_large_request_body() throws Exception {
        byte[] body = new byte[8 * 1024 * 1024];
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.url("/big")))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("bodyBytes").asInt()).isEqualTo(body.length);
    }

    @Test
    void streams_a_large_response_body() throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(gateway.url("/bytes/5000000")))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(5_000_000);
    }

    @Test
    void declared_body_over_the_route_limit_is_413_before_the_upstream() throws Exception {
        int before = upstream.requests.get();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.url("/upload")))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2048])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"reason\":\"body_too_large\"");
        assertThat(upstream.requests.get()).isEqualTo(before);
    }

    @Test
    void chunked_body_over_the_route_limit_is_cut_off_with_413() throws Exception {
        String chunk = "x".repeat(600);
        RawHttp.Reply reply = RawHttp.send(gateway.port(), "POST /upload HTTP/1.1\r\nHost: a\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n258\r\n" + chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n", 3000);
        assertThat(reply.status()).as(reply.text()).isEqualTo(413);
        assertThat(reply.text()).contains("body_too_large");
    }

    @Test
    void no_route_is_404_problem_json() throws Exception {
        HttpResponse<String> response = get("/nothing/here");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("reason").asText()).isEqualTo("no_route");
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("instance").asText())
                .isEqualTo("urn:vigil:request:" + response.headers().firstValue("x-request-id").orElseThrow());
    }

    @Test
    void wrong_method_is_405_with_allow() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.url("/orders/1")))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).hasValue("GET");
    }

    @Test
    void refused_upstream_is_502() throws Exception {
        HttpResponse<String> response = get("/dead");
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("\"reason\":\"upstream_connect_failed\"");
    }

    @Test
    void slow_upstream_is_504() throws Exception {
        HttpResponse<String> response = get("/delay/2000");
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).contains("\"reason\":\"upstream_timeout\"");
    }

    @Test
    void every_request_is_in_the_decision_log() throws Exception {
        HttpResponse<String> response = get("/orders/7");
        String id = response.headers().firstValue("x-request-id").orElseThrow();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                Files.exists(gateway.decisions()) && Files.readString(gateway.decisions()).contains(id));
        List<String> lines = Files.readAllLines(gateway.decisions());
        JsonNode line = JSON.readTree(lines.stream().filter(l -> l.contains(id)).findFirst().orElseThrow());
        assertThat(line.get("route").asText()).isEqualTo("orders");
        assertThat(line.get("path").asText()).isEqualTo("/orders/7");
        assertThat(line.get("status").asInt()).isEqualTo(200);
        assertThat(line.get("decision").asText()).isEqualTo("allow");
        assertThat(line.get("reasons").get(0).asText()).isEqualTo("allowed");
        assertThat(line.get("client").asText()).isEqualTo("127.0.0.1");
        assertThat(line.get("latencyMicros").get("upstream").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(line.toString()).doesNotContain("?x=");
    }

    @Test
    void expect_100_continue_is_answered_only_after_the_request_is_allowed() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(3000);
            var out = socket.getOutputStream();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(("POST /upload HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(in.readLine()).isEmpty();
            out.write("hello".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            String line;
            StringBuilder rest = new StringBuilder();
            while ((line = in.readLine()) != null && !line.contains("bodyBytes")) {
                rest.append(line);
            }
            assertThat(line).contains("\"bodyBytes\":5").doesNotContain("\"expect\"");
        }
        // Denied: the final status comes at once and no 100 is ever sent.
        RawHttp.Reply denied = RawHttp.send(gateway.port(),
                "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n", 2000);
        assertThat(denied.status()).isEqualTo(413);
        assertThat(denied.text()).doesNotContain("100 Continue");
    }
}
