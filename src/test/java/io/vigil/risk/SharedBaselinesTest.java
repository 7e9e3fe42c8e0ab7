package io.vigil.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two nodes on the real Redis: a baseline one node learned is there on the other without a restart. */
class SharedBaselinesTest {

    static final String REDIS = System.getenv().getOrDefault("VIGIL_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    static Vertx vertx;
    static EchoUpstream upstream;
    static TestIssuer issuer;
    static GatewayFixture a;
    static GatewayFixture b;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        issuer = new TestIssuer();
        String body = """
                cluster: { redis: "%s" }
                risk: { stepUpAbove: 100, denyAbove: 100 }
                identityProviders:
                  corp: { issuer: "%s", audiences: [ orders ] }
                upstreams:
                  echo: { targets: [ "%s" ] }
                routes:
                  - { id: orders, path: "/orders/{id}", upstream: echo, auth: [ jwt:corp ] }
                """.formatted(REDIS, issuer.issuer(), upstream.url());
        a = GatewayFixture.start("", body);
        b = GatewayFixture.start("", body);
    }

    @AfterAll
    static void stop() throws Exception {
        a.close();
        b.close();
        issuer.close();
        upstream.close();
        vertx.close();
    }

    static int get(GatewayFixture node, String path) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String token = issuer.token().payload("{\"iss\":\"" + issuer.issuer() + "\",\"aud\":\"orders\",\"sub\":\"carol\",\"exp\":"
                + (now + 300) + "}").rs256();
        return http.send(HttpRequest.newBuilder(URI.create(node.url(path))).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static long learned(GatewayFixture node) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.adminUrl("/admin/api/risk/carol"))).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? new ObjectMapper().readTree(r.body()).get("baselines").get(0).get("requests").asLong() : 0;
    }

    @Test
    void aBaselineLearnedOnOneNodeReachesTheOther() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> get(a, "/orders/0") == 200);
        for (int i = 1; i < 40; i++) {
            assertThat(get(a, "/orders/" + i)).isEqualTo(200);
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> learned(a) >= 40);
        assertThat(learned(b)).isZero();
        // Published within 5 s; B fetches it when carol first calls it, and learns on from there.
        Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> {
            get(b, "/orders/99");
            return learned(b) >= 40;
        });
    }
}
