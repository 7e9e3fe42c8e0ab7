package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.RawHttp;
import io.vigil.testing.SelfSignedCert;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Listener variants: TLS with h2 over ALPN, PROXY protocol, trusted proxies, WebSockets. */
class ListenerTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static Vertx vertx;
    static EchoUpstream upstream;

    static final String ROUTES = """
            upstreams:
              echo:
                targets: [ "%s" ]
            routes:
              - id: all
                path: /{rest*}
                upstream: echo
                auth: [ none ]
              - id: ws
                path: /ws
                upstream: echo
                auth: [ none ]
                websocket: true
            """;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        // The echo upstream also speaks WebSocket on /ws.
        vertx.createHttpServer().webSocketHandler(ws -> ws.textMessageHandler(m -> ws.writeTextMessage("echo:" + m)))
                .requestHandler(r -> r.response().end("plain"))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        upstream.close();
        vertx.close();
    }

    @Test
    void tls_with_http2_over_alpn_and_http1_fallback() throws Exception {
        Path dir = Files.createTempDirectory("vigil-tls");
        SelfSignedCert cert = SelfSignedCert.create(dir);
        try (GatewayFixture gateway = GatewayFixture.start(
                "tls: { cert: " + cert.certFile() + ", key: " + cert.keyFile() + " }\n", ROUTES.formatted(upstream.url()))) {
            String url = "https://127.0.0.1:" + gateway.port() + "/hello";
            for (HttpClient.Version version : new HttpClient.Version[] {HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_1_1}) {
                HttpClient client = HttpClient.newBuilder().sslContext(cert.trustingContext()).version(version).build();
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.version()).isEqualTo(version);
                JsonNode seen = JSON.readTree(r.body());
                assertThat(seen.get("headers").get("x-forwarded-proto").asText()).isEqualTo("https");
            }
        }
    }

    @Test
    void http2_settings_carry_the_configured_stream_limit() throws Exception {
        Path dir = Files.createTempDirectory("vigil-h2");
        SelfSignedCert cert = SelfSignedCert.create(dir);
        try (GatewayFixture gateway = GatewayFixture.start("tls: { cert: " + cert.certFile() + ", key: " + cert.keyFile()
                + " }\nlimits: { http2MaxConcurrentStreams: 7, maxHeaderSize: 8KiB }\n", ROUTES.formatted(upstream.url()))) {
            var client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                    .setSsl(true).setUseAlpn(true).setTrustAll(true).setVerifyHost(false));
            var settings = client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
                            .setPort(gateway.port()).setURI("/h2"))
                    .compose(req -> req.send().compose(resp -> resp.body().map(body -> req.connection().remoteSettings())))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(settings.getMaxConcurrentStreams()).isEqualTo(7);
            assertThat(settings.getMaxHeaderListSize()).isEqualTo(8192);
            client.close();
        }
    }

    @Test
    void cleartext_http2_prior_knowledge_is_not_spoken() throws Exception {
        try (GatewayFixture gateway = GatewayFixture.start("", ROUTES.formatted(upstream.url()))) {
            int before = upstream.requests.get();
            RawHttp.Reply reply = RawHttp.send(gateway.port(), "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 2000);
            assertThat(reply.status()).isNotEqualTo(200);
            assertThat(reply.closed()).isTrue();
            assertThat(upstream.requests.get()).isEqualTo(before);
        }
    }

    @Test
    void proxy_protocol_from_a_trusted_peer_sets_the_client_address() throws Exception {
        try (GatewayFixture gateway = GatewayFixture.start("proxyProtocol: true\ntrustedProxies: [ 127.0.0.1/32 ]\n",
                ROUTES.formatted(upstream.url()))) {
            RawHttp.Reply reply = RawHttp.send(gateway.port(),
                    "PROXY TCP4 203.0.113.7 127.0.0.1 55555 80\r\nGET /pp HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", 3000);
            assertThat(reply.status()).as(reply.text()).isEqualTo(200);
            assertThat(reply.text()).contains("\"x-forwarded-for\":\"203.0.113.7\"");
        }
    }

    @Test
    void proxy_protocol_from_an_untrusted_peer_is_refused() throws Exception {
        try (GatewayFixture gateway = GatewayFixture.start("proxyProtocol: true\ntrustedProxies: [ 10.0.0.0/8 ]\n",
                ROUTES.formatted(upstream.url()))) {
            int before = upstream.requests.get();
            RawHttp.Reply reply = RawHttp.send(gateway.port(),
                    "PROXY TCP4 203.0.113.7 127.0.0.1 55555 80\r\nGET /pp HTTP/1.1\r\nHost: a\r\n\r\n", 3000);
            assertThat(reply.status()).isNotEqualTo(200);
            assertThat(reply.closed()).isTrue();
            assertThat(upstream.requests.get()).isEqualTo(before);
        }
    }

    @Test
    void forwarding_headers_from_a_trusted_proxy_are_extended() throws Exception {
        try (GatewayFixture gateway = GatewayFixture.start("trustedProxies: [ 127.0.0.1/32, 10.0.0.0/8 ]\n",
                ROUTES.formatted(upstream.url()))) {
            RawHttp.Reply reply = RawHttp.send(gateway.port(), "GET /t HTTP/1.1\r\nHost: a\r\nConnection: close\r\n"
                    + "X-Forwarded-For: 198.51.100.9, 10.1.2.3\r\nX-Forwarded-Proto: https\r\n"
                    + "X-Request-Id: edge-0123456789\r\n\r\n", 3000);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.text()).contains("\"x-forwarded-for\":\"198.51.100.9, 10.1.2.3, 127.0.0.1\"")
                    .contains("\"x-forwarded-proto\":\"https\"")
                    .contains("\"x-request-id\":\"edge-0123456789\"");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                    Files.exists(gateway.decisions()) && Files.readString(gateway.decisions()).contains("edge-0123456789"));
            // The decision log names the real client: the first address not of a trusted proxy.
            assertThat(Files.readString(gateway.decisions(), StandardCharsets.UTF_8)).contains("\"client\":\"198.51.100.9\"");

            // A proxy that appends a second line (HAProxy does) must not let the first line,
            // which the client wrote, decide who the client is.
            RawHttp.Reply twoLines = RawHttp.send(gateway.port(), "GET /t HTTP/1.1\r\nHost: a\r\nConnection: close\r\n"
                    + "X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-For: 203.0.113.9\r\nX-Request-Id: edge-two-lines-01\r\n\r\n", 3000);
            assertThat(twoLines.text()).contains("\"x-forwarded-for\":\"6.6.6.6, 203.0.113.9, 127.0.0.1\"");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                    Files.readString(gateway.decisions()).contains("edge-two-lines-01"));
            String line = Files.readAllLines(gateway.decisions()).stream().filter(l -> l.contains("edge-two-lines-01"))
                    .findFirst().orElseThrow();
            assertThat(line).contains("\"client\":\"203.0.113.9\"");
        }
    }

    @Test
    void websocket_passes_through_on_routes_that_allow_it() throws Exception {
        int wsPort = vertx.createHttpServer()
                .webSocketHandler(ws -> ws.textMessageHandler(m -> ws.writeTextMessage("echo:" + m)))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).actualPort();
        try (GatewayFixture gateway = GatewayFixture.start("", ROUTES.formatted("http://127.0.0.1:" + wsPort))) {
            WebSocketClient client = vertx.createWebSocketClient();
            String answer = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port())
                            .setURI("/ws"))
                    .compose(ws -> {
                        var promise = io.vertx.core.Promise.<String>promise();
                        ws.textMessageHandler(promise::tryComplete);
                        ws.writeTextMessage("hi");
                        return promise.future();
                    })
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(answer).isEqualTo("echo:hi");
            // A route without websocket: true refuses the upgrade.
            var refused = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port())
                    .setURI("/elsewhere")).toCompletionStage().toCompletableFuture();
            assertThat(refused).failsWithin(Duration.ofSeconds(10));
            client.close();
        }
    }
    @Test
    void an_idle_keep_alive_connection_is_closed_but_a_slow_response_is_not_idleness() throws Exception {
        try (GatewayFixture gateway = GatewayFixture.start("idleTimeout: 600ms\n", ROUTES.formatted(upstream.url()));
                java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(5_000);
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            var out = socket.getOutputStream();
            // The upstream takes longer than the idle timeout: the client reads nothing meanwhile.
            out.write("GET /delay/900 HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            int length = -1;
            for (String line; !(line = in.readLine()).isEmpty(); ) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            assertThat(length).isPositive();
            for (int i = 0; i < length; i++) {
                assertThat(in.read()).isNotNegative();
            }
            // Still open right after the slow exchange: another request is served.
            out.write("GET /again HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            while (!in.readLine().isEmpty()) {
                // headers
            }
            // Then quiet: the gateway closes it within about two idle periods.
            long start = System.nanoTime();
            socket.getInputStream().skip(Long.MAX_VALUE);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(300), Duration.ofMillis(3_000));
        }
    }
}
