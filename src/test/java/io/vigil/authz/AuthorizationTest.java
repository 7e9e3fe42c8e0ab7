package io.vigil.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vigil.config.ConfigError;
import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.testing.EchoUpstream;
import io.vigil.testing.GatewayFixture;
import io.vigil.testing.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Least privilege per route over real sockets: scopes, roles, claims, workloads and CEL policies
 * (tenant isolation, object ownership, network), dry-run, and load-time errors.
 */
class AuthorizationTest {

    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static Vertx vertx;
    static EchoUpstream upstream;
    static TestIssuer issuer;
    static GatewayFixture gateway;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new EchoUpstream(vertx, "a");
        issuer = new TestIssuer();
        gateway = GatewayFixture.start("", """
                timeZone: Europe/Berlin
                networks:
                  loopback: [ 127.0.0.0/8, "::1/128" ]
                  partner: [ 10.0.0.0/8 ]
                policies:
                  tenant-isolation:
                    expression: request.params.tenant == principal.tenant
                    description: a caller sees only its own tenant's data
                  from-partner:
                    expression: "'partner' in network.tags"
                    mode: dryRun
                identityProviders:
                  corp: { issuer: "%s", audiences: [ orders ] }
                upstreams:
                  echo: { targets: [ "%s" ] }
                routes:
                  - id: tenant-orders
                    path: /tenants/{tenant}/orders/{id}
                    upstream: echo
                    auth: [ jwt:corp ]
                    anyScopes: [ "orders:read", "orders:admin" ]
                    policies: [ tenant-isolation ]
                    policy:
                      - principal.claims.owns == request.params.id || 'admin' in principal.roles
                  - id: admin
                    path: /admin
                    upstream: echo
                    auth: [ jwt:corp ]
                    roles: [ admin ]
                    claims: { department: [ eng, ops ] }
                    policy: [ "'loopback' in network.tags" ]
                    policies: [ from-partner ]
                  - id: internal
                    path: /internal
                    upstream: echo
                    auth: [ jwt:corp ]
                    allowWorkloads: [ "spiffe://prod.example/ns/payments/**", "spiffe://prod.example/ns/jobs/sa/*" ]
                  - id: watch
                    path: /watch
                    upstream: echo
                    auth: [ jwt:corp ]
                    mode: dryRun
                    scopes: [ never ]
                    policy: [ "false" ]
                """.formatted(issuer.issuer(), upstream.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        issuer.close();
        upstream.close();
        vertx.close();
    }

    static String token(String sub, String extraClaims) {
        long now = System.currentTimeMillis() / 1000;
        return issuer.token().payload("{\"iss\":\"" + issuer.issuer() + "\",\"aud\":\"orders\",\"sub\":\"" + sub
                + "\",\"exp\":" + (now + 300) + (extraClaims.isEmpty() ? "" : "," + extraClaims) + "}").rs256();
    }

    static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(path))).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The decision-log line of the one request to this exact path. */
    static String logged(String path) {
        String needle = "\"path\":\"" + path + "\"";
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                Files.exists(gateway.decisions()) && Files.readString(gateway.decisions()).contains(needle));
        try {
            return Files.readAllLines(gateway.decisions()).stream().filter(l -> l.contains(needle)).findFirst().orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void tenantIsolationAndObjectOwnership() throws Exception {
        String alice = token("alice", "\"scope\":\"orders:read\",\"tenant\":\"acme\",\"owns\":\"42\"");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> get("/tenants/acme/orders/42", alice).statusCode() == 200);

        HttpResponse<String> otherTenant = get("/tenants/globex/orders/42", alice);
        assertThat(otherTenant.statusCode()).isEqualTo(403);
        assertThat(otherTenant.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        assertThat(otherTenant.body()).contains("policy_denied").doesNotContain("tenant-isolation");
        assertThat(logged("/tenants/globex/orders/42")).contains("\"reasons\":[\"policy_denied\"]", "\"rule\":\"tenant-isolation\"");

        HttpResponse<String> notHers = get("/tenants/acme/orders/43", alice);
        assertThat(notHers.statusCode()).isEqualTo(403);
        assertThat(logged("/tenants/acme/orders/43")).contains("\"rule\":\"tenant-orders/policy[0]\"");

        String tenantAdmin = token("carol", "\"scope\":\"orders:admin\",\"tenant\":\"acme\",\"roles\":[\"admin\"]");
        assertThat(get("/tenants/acme/orders/43", tenantAdmin).statusCode()).isEqualTo(200);
        assertThat(get("/tenants/globex/orders/43", tenantAdmin).statusCode()).isEqualTo(403);
    }

    @Test
    void anyScopesNamesTheAcceptedScopesInTheChallenge() throws Exception {
        HttpResponse<String> response = get("/tenants/acme/orders/1", token("dave", "\"scope\":\"profile\",\"tenant\":\"acme\""));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("www-authenticate").orElse(""))
                .contains("error=\"insufficient_scope\"", "scope=\"orders:read orders:admin\"");
    }

    @Test
    void rolesClaimsAndNetworkGuardTheAdminRoute() throws Exception {
        String eng = token("erin", "\"roles\":[\"admin\"],\"department\":\"eng\"");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> get("/admin?who=erin", eng).statusCode() == 200);
        // The partner-network policy is in dry-run: it passed the request and recorded what it would have done.
        assertThat(logged("/admin")).contains("\"decision\":\"allow\"",
                "\"wouldDeny\":[{\"reason\":\"policy_denied\",\"rule\":\"from-partner\"}]");

        HttpResponse<String> sales = get("/admin", token("frank", "\"roles\":[\"admin\"],\"department\":\"sales\""));
        assertThat(sales.statusCode()).isEqualTo(403);
        assertThat(sales.body()).contains("claim_mismatch", "'department'");

        HttpResponse<String> noRole = get("/admin", token("gina", "\"roles\":[\"viewer\"],\"department\":\"eng\""));
        assertThat(noRole.statusCode()).isEqualTo(403);
        assertThat(noRole.body()).contains("role_missing");
    }

    @Test
    void onlyListedWorkloadsReachAMicroPerimeter() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                get("/internal", token("spiffe://prod.example/ns/payments/sa/api", "")).statusCode() == 200);
        assertThat(get("/internal", token("spiffe://prod.example/ns/billing/sa/api", "")).body()).contains("workload_not_allowed");
        assertThat(get("/internal", token("spiffe://prod.example/ns/jobs/sa/nightly", "")).statusCode()).isEqualTo(200);
        assertThat(get("/internal", token("spiffe://prod.example/ns/jobs/sa/nightly/x", "")).statusCode()).isEqualTo(403);
        assertThat(get("/internal", token("spiffe://prod.example/ns/payments", "")).statusCode()).isEqualTo(403);
        assertThat(get("/internal", token("alice", "")).statusCode()).isEqualTo(403);
    }

    @Test
    void aRouteInDryRunPassesEverythingAndRecordsEachRefusal() throws Exception {
        HttpResponse<String> anonymous = get("/watch?anonymous", null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(get("/watch?signed", token("henry", "")).statusCode()).isEqualTo(200);
        assertThat(get("/watch?garbage", "not-a-token").statusCode()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                Files.readAllLines(gateway.decisions()).stream().filter(l -> l.contains("\"path\":\"/watch\"")).count() == 3);
        List<String> lines = Files.readAllLines(gateway.decisions()).stream().filter(l -> l.contains("\"path\":\"/watch\"")).toList();
        assertThat(lines).allSatisfy(l -> assertThat(l).contains("\"decision\":\"allow\"", "\"status\":200"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("{\"reason\":\"credentials_missing\"}",
                "{\"reason\":\"insufficient_scope\",\"rule\":\"scopes\"}", "{\"reason\":\"policy_denied\",\"rule\":\"watch/policy[0]\"}"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"principal\":{\"sub\":\"henry\"")
                .doesNotContain("credentials_missing").contains("insufficient_scope"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("{\"reason\":\"token_malformed\"}"));
    }

    @Test
    void badPoliciesAreConfigErrorsWithRouteFieldAndColumn() throws Exception {
        Path file = dir.resolve("vigil.yaml");
        Files.writeString(file, """
                policies:
                  typo: { expression: "principal.tenatn == 'acme'" }
                  risky: { expression: "risk.score < 60" }
                upstreams:
                  u: { targets: [ "http://127.0.0.1:9" ] }
                routes:
                  - id: orders
                    path: /orders
                    upstream: u
                    auth: [ none ]
                    policy:
                      - request.method == 'GET' && inCidr(network.ip, '10.0.0.0/33')
                    policies: [ typo, missing, risky ]
                  - id: bad-workload
                    path: /w
                    upstream: u
                    auth: [ none ]
                    roles: [ admin ]
                    allowWorkloads: [ "https://not-spiffe" ]
                """);
        List<String> errors;
        try {
            ConfigLoader.load(file, null, Map.<String, String>of()::get);
            throw new AssertionError("expected the config to be rejected");
        } catch (ConfigException e) {
            errors = e.errors().stream().map(ConfigError::toString).toList();
        }
        assertThat(errors).anySatisfy(e -> assertThat(e).contains(":2:", "policies.typo.expression",
                "policy 'typo', column 10: undefined field 'tenatn'"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains(":12:", "routes[0].policy[0]",
                "route 'orders' policy[0], column 47", "invalid prefix length"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("routes[0].policies[1]", "unknown policy 'missing'"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("routes[1].roles", "public route"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("policies.risky.expression", "reads risk, but there is no risk:"));
    }
}
