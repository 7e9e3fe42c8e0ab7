package io.vigil.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import io.vigil.auth.Principal;
import io.vigil.pipeline.Exchange;
import io.vigil.server.CidrSet;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The policy language: variables, helpers, load-time checks and the cost limit. */
class PolicyLanguageTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final NetworkTags NETWORKS = networks();

    static NetworkTags networks() {
        Map<String, CidrSet> lists = new java.util.LinkedHashMap<>();
        lists.put("corporate", CidrSet.parse(List.of("10.0.0.0/8")));
        lists.put("vpn", CidrSet.parse(List.of("10.8.0.0/16")));
        return new NetworkTags(lists);
    }

    static PolicyLanguage.Compiled compile(String expression) {
        List<PolicyLanguage.Problem> problems = new ArrayList<>();
        PolicyLanguage.Compiled compiled = PolicyLanguage.compile(expression, problems);
        assertThat(problems).as(expression).isEmpty();
        return compiled;
    }

    static List<PolicyLanguage.Problem> problems(String expression) {
        List<PolicyLanguage.Problem> problems = new ArrayList<>();
        assertThat(PolicyLanguage.compile(expression, problems)).isNull();
        return problems;
    }

    static Exchange exchange(String client, String query, long epochMillis, MultiMap headers) throws Exception {
        Exchange exchange = Exchange.builder().requestId("r1").method("GET").rawTarget("/x").clientAddress(client)
                .startEpochMillis(epochMillis).headers(headers).build();
        exchange.normalized(io.vigil.server.PathNormalizer.normalize("/x"), query);
        return exchange;
    }

    static Principal alice() {
        return new Principal(Principal.Type.USER, "alice", "https://idp", "jwt:corp", Set.of("orders:read"),
                Set.of("admin"), "acme", "mfa", List.of("pwd", "otp"), 1_700_000_000L, "s1", "d1", "t1", 0, Map.of(),
                Map.of("department", "eng", "groups", List.of("a", "b"), "device_compliant", true,
                        "address", Map.of("country", "DE")), 0);
    }

    static boolean eval(String expression, Exchange exchange) throws Exception {
        return compile(expression).test(new PolicyVariables(exchange, NETWORKS, BERLIN));
    }

    @Test
    void readsEveryVariable() throws Exception {
        long wednesdayTenBerlin = ZonedDateTime.of(2026, 11, 25, 10, 30, 0, 0, BERLIN).toInstant().toEpochMilli();
        Exchange e = exchange("10.8.1.2", "page=2&q=a%20b", wednesdayTenBerlin,
                MultiMap.caseInsensitiveMultiMap().add("X-Tenant", "acme").add("Accept", "a").add("accept", "b"));
        e.principal(alice());
        for (String ok : List.of(
                "request.method == 'GET' && request.path == '/x' && request.id == 'r1'",
                "request.query.page == '2' && request.query.q == 'a b'",
                "request.headers['x-tenant'] == principal.tenant",
                "request.headers.accept == 'a,b'",
                "!('authorization' in request.headers)",
                "principal.sub == 'alice' && principal.type == 'user' && principal.method == 'jwt:corp'",
                "'orders:read' in principal.scopes && 'admin' in principal.roles",
                "principal.claims.department == 'eng' && principal.claims.address.country == 'DE'",
                "principal.claims.groups.exists(g, g == 'b')",
                "principal.acr == 'mfa' && 'otp' in principal.amr && principal.auth_time == 1700000000",
                "principal.session_id == 's1' && principal.token_id == 't1' && principal.issuer == 'https://idp'",
                "device.id == 'd1' && device.compliant && !device.certificate && device.thumbprint == ''",
                "network.ip == '10.8.1.2' && network.tags == ['corporate', 'vpn']",
                "inCidr(network.ip, '10.8.0.0/16') && !inCidr(network.ip, '192.168.0.0/16')",
                "time.hour == 10 && time.minute == 30 && time.weekday == 'wed' && time.date == '2026-11-25'",
                "time.between('09:00', '17:00') && !time.between('22:00', '06:00')",
                "time.now > timestamp('2026-01-01T00:00:00Z')",
                "time.weekday in ['mon', 'tue', 'wed', 'thu', 'fri'] && time.between('08:00', '18:00')",
                "risk.score == 0 && size(risk.factors) == 0")) {
            assertThat(eval(ok, e)).as(ok).isTrue();
        }
    }

    @Test
    void countriesComeFromTheGeoTable(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path csv = dir.resolve("geo.csv");
        java.nio.file.Files.writeString(csv, "10.8.0.0/16,DE\n192.0.2.0/24,FR\n");
        io.vigil.server.Geo geo = io.vigil.server.GeoTable.load(csv);
        PolicyLanguage.Compiled fromGermany = compile("network.country == 'DE'");
        Exchange berlin = exchange("10.8.1.2", null, System.currentTimeMillis(), MultiMap.caseInsensitiveMultiMap());
        Exchange nowhere = exchange("198.51.100.1", null, System.currentTimeMillis(), MultiMap.caseInsensitiveMultiMap());
        assertThat(fromGermany.test(new PolicyVariables(berlin, NETWORKS, geo, BERLIN, 0, List.of()))).isTrue();
        assertThat(compile("network.country == ''").test(new PolicyVariables(nowhere, NETWORKS, geo, BERLIN, 0, List.of())))
                .isTrue();
    }

    @Test
    void absentValuesAreEmptyNotErrors() throws Exception {
        Exchange e = exchange("192.0.2.1", null, System.currentTimeMillis(), MultiMap.caseInsensitiveMultiMap());
        assertThat(eval("principal.type == 'anonymous' && principal.tenant == '' && size(principal.scopes) == 0", e)).isTrue();
        assertThat(eval("size(request.query) == 0 && size(request.params) == 0 && network.tags == []", e)).isTrue();
    }

    @Test
    void aRepeatedParameterNeverEqualsOneValue() throws Exception {
        Exchange e = exchange("192.0.2.1", "tenant=acme&tenant=evil", System.currentTimeMillis(),
                MultiMap.caseInsensitiveMultiMap());
        e.principal(alice());
        assertThat(eval("request.query.tenant == principal.tenant", e)).isFalse();
        // Past Netty's default of 1,024 parameters a decoder drops the rest: a second copy hidden there still counts.
        Exchange hidden = exchange("192.0.2.1", "tenant=acme" + "&a".repeat(1100) + "&tenant=evil", System.currentTimeMillis(),
                MultiMap.caseInsensitiveMultiMap());
        hidden.principal(alice());
        assertThat(eval("request.query.tenant == principal.tenant", hidden)).isFalse();
    }

    @Test
    void claimRulesFindClaimsNamedWithDots() {
        Map<String, Object> claims = Map.of("https://acme.io/role", "admin", "realm_access", Map.of("roles", List.of("ops")));
        assertThat(ClaimRule.of("https://acme.io/role", List.of("admin")).matches(claims)).isTrue();
        assertThat(ClaimRule.of("realm_access.roles", List.of("ops")).matches(claims)).isTrue();
        assertThat(ClaimRule.of("realm_access.roles", List.of("dev")).matches(claims)).isFalse();
    }

    @Test
    void timeWindowsMayWrapMidnight() throws Exception {
        long lateNight = ZonedDateTime.of(2026, 11, 28, 23, 15, 0, 0, BERLIN).toInstant().toEpochMilli();
        Exchange e = exchange("192.0.2.1", null, lateNight, MultiMap.caseInsensitiveMultiMap());
        assertThat(eval("time.between('22:00', '06:00') && time.weekday == 'sat'", e)).isTrue();
        assertThat(eval("time.between('09:00', '17:00')", e)).isFalse();
        assertThat(eval("time.between('00:00', '24:00')", e)).isTrue();
    }

    @Test
    void mistakesAreCaughtAtLoadWithTheirColumn() {
        assertThat(problems("principal.tenatn == 'acme'")).singleElement().satisfies(p -> {
            assertThat(p.column()).isEqualTo(10);
            assertThat(p.message()).contains("undefined field 'tenatn'");
        });
        assertThat(problems("request.method")).singleElement().satisfies(p -> assertThat(p.message()).contains("bool"));
        assertThat(problems("inCidr(network.ip, '10.0.0.0/33')")).singleElement().satisfies(p -> {
            assertThat(p.column()).isEqualTo(20);
            assertThat(p.message()).contains("invalid prefix length");
        });
        assertThat(problems("time.between('9am', '17:00')")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("'9am' is not a time of day"));
        assertThat(problems("user.name == 'x'")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("undeclared reference to 'user'"));
        assertThat(problems("request.method == ")).isNotEmpty();
    }

    @Test
    void evaluationCostIsBounded() throws Exception {
        // 2000 × 2000 iterations would run for a long time; the iteration cap stops it.
        PolicyLanguage.Compiled runaway = compile("principal.claims.groups.all(a, principal.claims.groups.all(b, a == b || true))");
        Exchange e = exchange("192.0.2.1", null, System.currentTimeMillis(), MultiMap.caseInsensitiveMultiMap());
        e.principal(new Principal(Principal.Type.USER, "bob", null, "jwt:corp", Set.of(), Set.of(), null, null, List.of(), 0,
                null, null, null, 0, Map.of(), Map.of("groups", java.util.Collections.nCopies(2000, "g")), 0));
        assertThatThrownBy(() -> runaway.test(new PolicyVariables(e, NETWORKS, BERLIN))).hasMessageContaining("Iteration budget exceeded");
        assertThat(problems("x".repeat(5000))).isNotEmpty();
        assertThat(problems("(".repeat(100) + "true" + ")".repeat(100))).isNotEmpty();
    }

    @Test
    void aMissingKeyFailsTheEvaluation() throws Exception {
        Exchange e = exchange("192.0.2.1", null, System.currentTimeMillis(), MultiMap.caseInsensitiveMultiMap());
        assertThatThrownBy(() -> eval("request.headers['x-tenant'] == 'acme'", e)).hasMessageContaining("x-tenant");
    }
}
