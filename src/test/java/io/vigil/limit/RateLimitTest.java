package io.vigil.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** In-process rate limits, quotas and plans over real sockets, with their headers and reason codes. */
class RateLimitTest {

    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static Vertx vertx;
    static EchoUpstream upstream;
    static TestIssuer issuer;
    static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        issuer = new TestIssuer();
        gateway = GatewayFixture.start("", """
                timeZone: Europe/Berlin
                limits:
                  planClaim: plan
                  defaultPlan: free
                plans:
                  free:
                    rateLimits: [ { name: free-rate, key: principal, limit: 2, period: 1m } ]
                  gold:
                    rateLimits: [ { name: gold-rate, key: principal, limit: 6, period: 1m } ]
                    quotas: [ { name: gold-daily, key: principal, limit: 1000, period: daily } ]
                identityProviders:
                  corp: { issuer: "%s", audiences: [ orders ] }
                upstreams:
                  echo: { targets: [ "%s" ] }
                routes:
                  - id: limited
                    path: /limited/{rest*}
                    upstream: echo
                    auth: [ none ]
                    rateLimits:
                      - { name: per-ip, key: ip, limit: 5, period: 1m }
                  - id: tenant-quota
                    path: /reports
                    upstream: echo
                    auth: [ none ]
                    quotas:
                      - { name: tenant-day, key: "header:X-Tenant", limit: 3, period: daily }
                  - id: quota-guarded
                    path: /qg
                    upstream: echo
                    auth: [ none ]
                    policy: [ "!('x-deny' in request.headers)" ]
                    quotas:
                      - { name: qg-day, key: ip, limit: 3, period: daily }
                  - id: watched
                    path: /watched
                    upstream: echo
                    auth: [ none ]
                    rateLimits:
                      - { name: trial, key: route, limit: 2, period: 1h, mode: dryRun }
                  - id: orders
                    path: /orders
                    upstream: echo
                    auth: [ jwt:corp ]
                """.formatted(issuer.issuer(), upstream.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        issuer.close();
        upstream.close();
        vertx.close();
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(path))).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String token(String sub, String plan) {
        long now = System.currentTimeMillis() / 1000;
        return issuer.token().payload("{\"iss\":\"" + issuer.issuer() + "\",\"aud\":\"orders\",\"sub\":\"" + sub
                + "\",\"exp\":" + (now + 300) + (plan == null ? "" : ",\"plan\":\"" + plan + "\"") + "}").rs256();
    }

    static List<Integer> statuses(int n, String path, String... headers) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(get(path, headers).statusCode());
        }
        return out;
    }

    @Test
    void aRouteLimitAdmitsItsBurstThenRefusesWithRetryAfterAndHeaders() throws Exception {
        HttpResponse<String> first = get("/limited/a");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("ratelimit-policy")).hasValue("\"per-ip\";q=5;w=60");
        assertThat(first.headers().firstValue("ratelimit").orElse("")).startsWith("\"per-ip\";r=4;t=");
        assertThat(statuses(4, "/limited/b")).containsOnly(200);

        HttpResponse<String> refused = get("/limited/over");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("rate_limited", "per-ip");
        long retryAfter = Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 13L);
        assertThat(refused.headers().firstValue("ratelimit").orElse("")).startsWith("\"per-ip\";r=0;t=");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                Files.readString(gateway.decisions()).contains("\"path\":\"/limited/over\""));
        assertThat(Files.readAllLines(gateway.decisions()).stream().filter(l -> l.contains("/limited/over")).findFirst().orElseThrow())
                .contains("\"reasons\":[\"rate_limited\"]", "\"rule\":\"per-ip\"", "\"status\":429");

        // A reload that leaves the limit alone keeps its buckets: nobody gets a fresh allowance.
        gateway.gateway.reload();
        assertThat(get("/limited/after-reload").statusCode()).isEqualTo(429);
    }

    @Test
    void aQuotaCountsPerKeyAndSaysItIsExhausted() throws Exception {
        assertThat(statuses(3, "/reports", "X-Tenant", "acme")).containsOnly(200);
        HttpResponse<String> exhausted = get("/reports", "X-Tenant", "acme");
        assertThat(exhausted.statusCode()).isEqualTo(429);
        assertThat(exhausted.body()).contains("quota_exhausted", "used up for this day");
        long untilMidnight = Long.parseLong(exhausted.headers().firstValue("retry-after").orElseThrow());
        assertThat(untilMidnight).isBetween(1L, 86_400L);
        assertThat(exhausted.headers().firstValue("ratelimit-policy")).hasValue("\"tenant-day\";q=3;w=86400");
        // Another tenant has its own quota; leaving the header out is counted by client address, not unlimited.
        assertThat(statuses(3, "/reports", "X-Tenant", "globex")).containsOnly(200);
        assertThat(statuses(4, "/reports")).containsExactly(200, 200, 200, 429);
    }

    @Test
    void refusedRequestsUseUpNoQuota() throws Exception {
        assertThat(statuses(5, "/qg", "X-Deny", "1")).containsOnly(403);
        assertThat(statuses(4, "/qg")).containsExactly(200, 200, 200, 429);
    }

    @Test
    void plansComeFromTheTokenAndUnknownPlansGetTheDefault() throws Exception {
        String gold = token("gwen", "gold");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                get("/orders", "Authorization", "Bearer " + gold).statusCode() == 200);
        HttpResponse<String> goldResponse = get("/orders", "Authorization", "Bearer " + gold);
        // Rate limits and quotas run at different points, each adding its own field line (a list either way).
        assertThat(goldResponse.headers().allValues("ratelimit-policy"))
                .containsExactly("\"gold-rate\";q=6;w=60", "\"gold-daily\";q=1000;w=86400");
        assertThat(statuses(4, "/orders", "Authorization", "Bearer " + gold)).containsExactly(200, 200, 200, 200);
        assertThat(get("/orders", "Authorization", "Bearer " + gold).statusCode()).isEqualTo(429);

        assertThat(statuses(3, "/orders", "Authorization", "Bearer " + token("fred", null))).containsExactly(200, 200, 429);
        assertThat(statuses(3, "/orders", "Authorization", "Bearer " + token("mallory", "platinum")))
                .containsExactly(200, 200, 429);
    }

    @Test
    void aLimitInDryRunOnlyRecords() throws Exception {
        assertThat(statuses(4, "/watched")).containsOnly(200);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                Files.readAllLines(gateway.decisions()).stream().filter(l -> l.contains("\"path\":\"/watched\"")
                        && l.contains("{\"reason\":\"rate_limited\",\"rule\":\"trial\"}")).count() == 2);
    }
}
