package io.vigil.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Balancing, retries, health checks, ejection and the circuit breaker against real upstreams. */
class UpstreamPoolTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Vertx vertx;
    EchoUpstream a;
    EchoUpstream b;
    GatewayFixture gateway;

    @BeforeEach
    void upstreams() throws Exception {
        vertx = Vertx.vertx();
        a = new EchoUpstream(vertx, "a");
        b = new EchoUpstream(vertx, "b");
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        a.close();
        b.close();
        vertx.close();
    }

    void start(String upstreamExtra, String... targets) throws Exception {
        StringBuilder list = new StringBuilder();
        for (String t : targets) {
            list.append(list.length() == 0 ? "" : ", ").append('"').append(t).append('"');
        }
        gateway = GatewayFixture.start("", """
                upstreams:
                  pool:
                    targets: [ %s ]
                %s
                routes:
                  - id: all
                    path: /{rest*}
                    upstream: pool
                    auth: [ none ]
                """.formatted(list, upstreamExtra.indent(4)));
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.url(path))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.url(path))).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    }

    Map<String, Integer> spread(int n) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = get("/x");
            assertThat(r.statusCode()).isEqualTo(200);
            counts.merge(JSON.readTree(r.body()).get("upstream").asText(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void round_robin_spreads_evenly() throws Exception {
        start("", a.url(), b.url());
        Map<String, Integer> counts = spread(20);
        assertThat(counts).containsEntry("a", 10).containsEntry("b", 10);
    }

    @Test
    void least_outstanding_avoids_the_busy_target() throws Exception {
        start("balancer: leastOutstanding\ntimeouts: { responseHeaders: 10s }", a.url(), b.url());
        // Hold one slow request on whichever target takes it, then the next ones go elsewhere.
        var slow = http.sendAsync(HttpRequest.newBuilder(URI.create(gateway.url("/delay/1500"))).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> a.requests.get() + b.requests.get() == 1);
        String busy = a.requests.get() == 1 ? "a" : "b";
        Map<String, Integer> counts = spread(4);
        assertThat(counts).doesNotContainKey(busy);
        assertThat(slow.get().statusCode()).isEqualTo(200);
    }

    @Test
    void an_idempotent_request_is_retried_on_another_target_when_the_connection_fails() throws Exception {
        start("retries: 1\npassiveEjection: { consecutiveFailures: 100 }", "http://127.0.0.1:1", a.url());
        for (int i = 0; i < 6; i++) {
            assertThat(get("/x").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void a_non_idempotent_request_is_not_retried() throws Exception {
        start("retries: 1\npassiveEjection: { consecutiveFailures: 100 }\ncircuitBreaker: { enabled: false }",
                "http://127.0.0.1:1", a.url());
        int failures = 0;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = post("/x");
            if (r.statusCode() == 502) {
                failures++;
                assertThat(r.body()).contains("upstream_connect_failed");
            }
        }
        assertThat(failures).isEqualTo(3);
    }

    @Test
    void a_failing_target_is_ejected_passively() throws Exception {
        start("retries: 0\npassiveEjection: { consecutiveFailures: 2, ejectFor: 1m }\ncircuitBreaker: { enabled: false }",
                "http://127.0.0.1:1", a.url());
        int failures = 0;
        for (int i = 0; i < 12; i++) {
            if (get("/x").statusCode() == 502) {
                failures++;
            }
        }
        assertThat(failures).isEqualTo(2);
    }

    @Test
    void active_health_checks_take_a_target_out_and_back() throws Exception {
        start("healthCheck: { path: /health, interval: 100ms, unhealthyThreshold: 1, healthyThreshold: 1 }",
                a.url(), b.url());
        b.healthStatus = 500;
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.gateway.runtime().upstreams().get("pool")
                .targets().get(1).healthy() == false);
        assertThat(spread(6)).containsOnlyKeys("a");
        b.healthStatus = 200;
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.gateway.runtime().upstreams().get("pool")
                .targets().get(1).healthy());
        assertThat(spread(6)).containsKeys("a", "b");
    }

    @Test
    void all_targets_down_is_503() throws Exception {
        start("healthCheck: { path: /health, interval: 100ms, unhealthyThreshold: 1, healthyThreshold: 1 }", a.url());
        a.healthStatus = 503;
        await().atMost(Duration.ofSeconds(5)).until(() -> !gateway.gateway.runtime().upstreams().get("pool")
                .targets().get(0).healthy());
        HttpResponse<String> r = get("/x");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("\"reason\":\"upstream_unavailable\"");
    }

    @Test
    void the_circuit_opens_after_failures_and_fails_fast() throws Exception {
        start("circuitBreaker: { failureRatePercent: 50, minimumRequests: 4, window: 10s, openFor: 1m }\n"
                + "passiveEjection: { consecutiveFailures: 1000 }", a.url());
        for (int i = 0; i < 4; i++) {
            assertThat(get("/status/503").statusCode()).isEqualTo(503);
        }
        int before = a.requests.get();
        HttpResponse<String> r = get("/x");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("\"reason\":\"circuit_open\"");
        assertThat(a.requests.get()).isEqualTo(before);
    }

    @Test
    void the_connection_limit_queues_then_refuses() throws Exception {
        start("pool: { maxConnections: 1, maxWaitQueue: 1 }\ntimeouts: { responseHeaders: 10s }", a.url());
        var first = http.sendAsync(HttpRequest.newBuilder(URI.create(gateway.url("/delay/800"))).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> a.requests.get() == 1);
        var second = http.sendAsync(HttpRequest.newBuilder(URI.create(gateway.url("/delay/10"))).build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(200);
        // One connection busy, one request waiting for it: the third has nowhere to go.
        HttpResponse<String> third = get("/x");
        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.body()).contains("\"reason\":\"upstream_unavailable\"");
        assertThat(first.get().statusCode()).isEqualTo(200);
        assertThat(second.get().statusCode()).isEqualTo(200);
        // Requests on the one connection, one after another, keep working.
        assertThat(spread(4)).containsEntry("a", 4);
        // And nothing is left counted as outstanding, the refused request included.
        await().atMost(Duration.ofSeconds(5)).until(() ->
                gateway.gateway.runtime().upstreams().get("pool").targets().get(0).outstanding() == 0);
    }

    @Test
    void failed_connects_give_their_connection_slot_back() throws Exception {
        start("pool: { maxConnections: 1, maxWaitQueue: 0 }\nretries: 0\n"
                + "passiveEjection: { consecutiveFailures: 1000 }\ncircuitBreaker: { enabled: false }", "http://127.0.0.1:1");
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = get("/x");
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.body()).contains("upstream_connect_failed");
        }
    }
}
