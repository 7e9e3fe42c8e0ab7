package io.vigil.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upstream behaviours that broke the HTTP/1.x proxy in review: interim responses, HTTP/1.0
 * clients, stale pooled connections, half-open breaker trials, slow clients. The upstream here
 * is a hand-written socket server, so it can misbehave on purpose.
 */
class Http1ProxyEdgeTest {

    static Vertx vertx;
    static EchoUpstream echo;
    static ServerSocket raw;
    static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        echo = new EchoUpstream(vertx, "echo");
        raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!raw.isClosed()) {
                try {
                    Socket socket = raw.accept();
                    Thread worker = new Thread(() -> serve(socket));
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        String rawUrl = "http://127.0.0.1:" + raw.getLocalPort();
        gateway = GatewayFixture.start("", """
                upstreams:
                  raw:
                    targets: [ "%1$s" ]
                    circuitBreaker: { enabled: false }
                  breaker:
                    targets: [ "%1$s" ]
                    retries: 0
                    passiveEjection: { consecutiveFailures: 1000 }
                    circuitBreaker: { minimumRequests: 2, failureRatePercent: 50, openFor: 1s }
                  echo:
                    targets: [ "%2$s" ]
                    timeouts: { idle: 500ms }
                routes:
                  - { id: raw, path: "/r/{rest*}", upstream: raw, auth: [ none ] }
                  - { id: breaker, path: "/b/{rest*}", upstream: breaker, auth: [ none ] }
                  - { id: bytes, path: "/bytes/{n}", upstream: echo, auth: [ none ] }
                """.formatted(rawUrl, echo.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.assertNothingOutstanding();
        gateway.close();
        echo.close();
        raw.close();
        vertx.close();
    }

    /** One upstream connection: answers by path, and on /r/stale closes on its second request. */
    static void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            int served = 0;
            String head;
            while ((head = readHead(in)) != null) {
                served++;
                String path = head.split(" ")[1];
                if (path.startsWith("/r/stale") && served > 1) {
                    return;
                }
                if (path.startsWith("/r/early")) {
                    out.write(ascii("HTTP/1.1 103 Early Hints\r\nLink: </x.css>\r\n\r\n"));
                    out.flush();
                    Thread.sleep(300);
                    out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal"));
                } else if (path.startsWith("/r/nolength")) {
                    out.write(ascii("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello"));
                    out.flush();
                    return;
                } else if (path.startsWith("/b/fail")) {
                    out.write(ascii("HTTP/1.1 503 No\r\nContent-Length: 0\r\n\r\n"));
                } else if (path.startsWith("/b/hang")) {
                    Thread.sleep(1500);
                    out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
                } else {
                    out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
                }
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // The connection ends; that is all.
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                return head.toString();
            }
        }
        return null;
    }

    static String readFor(Socket socket, int quietMillis) throws IOException {
        socket.setSoTimeout(quietMillis);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        try {
            int n;
            while ((n = socket.getInputStream().read(buffer)) >= 0) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // Quiet long enough.
        }
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void an_interim_response_never_stands_in_for_the_final_one() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.getOutputStream().write(ascii("GET /r/early HTTP/1.1\r\nHost: a\r\n\r\n"));
            String first = readFor(socket, 1000);
            assertThat(first).startsWith("HTTP/1.1 200").endsWith("final").doesNotContain("103");
            socket.getOutputStream().write(ascii("GET /r/ok HTTP/1.1\r\nHost: a\r\n\r\n"));
            assertThat(readFor(socket, 1000)).startsWith("HTTP/1.1 200").endsWith("ok");
        }
    }

    @Test
    void an_http10_client_gets_an_http10_answer() throws Exception {
        RawHttp.Reply reply = RawHttp.send(gateway.port(), "GET /r/nolength HTTP/1.0\r\nHost: a\r\n\r\n", 2000);
        assertThat(reply.text()).startsWith("HTTP/1.0 200").endsWith("\r\n\r\nhello")
                .doesNotContainIgnoringCase("transfer-encoding");
        assertThat(reply.closed()).isTrue();
    }

    @Test
    void a_get_on_a_stale_pooled_connection_is_retried_on_a_fresh_one() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.getOutputStream().write(ascii("GET /r/stale1 HTTP/1.1\r\nHost: a\r\n\r\n"));
            assertThat(readFor(socket, 500)).startsWith("HTTP/1.1 200");
            socket.getOutputStream().write(ascii("GET /r/stale2 HTTP/1.1\r\nHost: a\r\n\r\n"));
            assertThat(readFor(socket, 1500)).startsWith("HTTP/1.1 200").endsWith("ok");
        }
    }

    @Test
    void a_half_open_trial_whose_client_leaves_does_not_jam_the_breaker() throws Exception {
        for (int i = 0; i < 3; i++) {
            RawHttp.send(gateway.port(), "GET /b/fail HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", 2000);
        }
        assertThat(RawHttp.send(gateway.port(), "GET /b/ok HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", 2000)
                .text()).contains("circuit_open");
        Thread.sleep(1200);
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.getOutputStream().write(ascii("GET /b/hang HTTP/1.1\r\nHost: a\r\n\r\n"));
            Thread.sleep(300);
        }
        // The trial's client left; the next request may be the trial again and closes the circuit.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                RawHttp.send(gateway.port(), "GET /b/ok HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", 2000)
                        .status() == 200);
    }

    @Test
    void a_slow_client_is_not_mistaken_for_an_idle_upstream() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setReceiveBufferSize(16 * 1024);
            socket.getOutputStream().write(ascii("GET /bytes/8000000 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"));
            Thread.sleep(1500);
            String text = readFor(socket, 3000);
            int bodyStart = text.indexOf("\r\n\r\n") + 4;
            assertThat(text.length() - bodyStart).isEqualTo(8_000_000);
        }
    }
}
