package io.vigil.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Limits shared by two gateway nodes through the real Redis on 127.0.0.1:6379, and what happens
 * when Redis cannot be reached ({@code limits.onStoreFailure}).
 */
class SharedRateLimitTest {

    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static Vertx vertx;
    static EchoUpstream upstream;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
    }

    @AfterAll
    static void stop() throws Exception {
        upstream.close();
        vertx.close();
    }

    static String config(String redis, String onStoreFailure, String routeId, int limit) {
        return """
                cluster: { redis: "%s", timeout: 200ms }
                limits: { onStoreFailure: %s }
                upstreams:
                  echo: { targets: [ "%s" ] }
                routes:
                  - id: %s
                    path: /shared
                    upstream: echo
                    auth: [ none ]
                    rateLimits:
                      - { name: shared, key: route, limit: %d, period: 1m }
                """.formatted(redis, onStoreFailure, upstream.url(), routeId, limit);
    }

    static CompletableFuture<Integer> send(GatewayFixture node) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.url("/shared"))).timeout(Duration.ofSeconds(20)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    @Test
    void aLimitOf100PerMinuteHoldsAcrossTwoNodes() throws Exception {
        // A fresh route id per run: its buckets in Redis are new.
        String route = "shared-" + UUID.randomUUID();
        try (GatewayFixture a = GatewayFixture.start("", config("redis://127.0.0.1:6379", "deny", route, 100));
                GatewayFixture b = GatewayFixture.start("", config("redis://127.0.0.1:6379", "deny", route, 100))) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    a.gateway.runtime().redis().connected() && b.gateway.runtime().redis().connected());
            List<CompletableFuture<Integer>> sent = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                sent.add(send(i % 2 == 0 ? a : b));
                if (sent.size() % 20 == 0) {
                    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
                }
            }
            long admitted = 0;
            long limited = 0;
            for (CompletableFuture<Integer> status : sent) {
                int code = status.join();
                if (code == 200) {
                    admitted++;
                } else {
                    assertThat(code).isEqualTo(429);
                    limited++;
                }
            }
            // 100 at once; a greedy refill of 100/min adds at most one more during a run of well under a second.
            assertThat(admitted).isBetween(99L, 101L);
            assertThat(limited).isEqualTo(300 - admitted);
            assertThat(a.gateway.runtime().redis().failures() + b.gateway.runtime().redis().failures()).isZero();
        }
    }

    @Test
    void redisDownFallsBackAsConfigured() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String nowhere = "redis://127.0.0.1:" + closedPort;
        try (GatewayFixture local = GatewayFixture.start("", config(nowhere, "local", "down-local", 5));
                GatewayFixture deny = GatewayFixture.start("", config(nowhere, "deny", "down-deny", 5));
                GatewayFixture allow = GatewayFixture.start("", config(nowhere, "allow", "down-allow", 5))) {
            List<Integer> localStatuses = new ArrayList<>();
            List<Integer> allowStatuses = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                localStatuses.add(send(local).join());
                allowStatuses.add(send(allow).join());
            }
            assertThat(localStatuses).containsExactly(200, 200, 200, 200, 200, 429, 429);
            assertThat(allowStatuses).containsOnly(200);
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(deny.url("/shared"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("rate_limit_store_unavailable");
            assertThat(local.gateway.runtime().redis().failures()).isGreaterThanOrEqualTo(7);
            assertThat(local.gateway.runtime().redis().connected()).isFalse();
            assertThat(local.gateway.metrics().scrape()).containsPattern("vigil_rate_limit_store_fallbacks_total [1-9]");
        }
    }
}
