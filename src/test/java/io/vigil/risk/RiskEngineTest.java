package io.vigil.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vigil.auth.Principal;
import io.vigil.authz.NetworkTags;
import io.vigil.config.RiskConfig;
import io.vigil.pipeline.Exchange;
import io.vigil.server.CidrSet;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each contextual signal, the sum and its cap, with the request's own time and address. */
class RiskEngineTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static NetworkTags networks() {
        Map<String, CidrSet> lists = new LinkedHashMap<>();
        lists.put("tor", CidrSet.parse(List.of("198.51.100.0/24")));
        lists.put("office", CidrSet.parse(List.of("10.0.0.0/8")));
        return new NetworkTags(lists);
    }

    static RiskEngine engine(Map<String, Integer> weights) {
        return RiskEngine.of(new RiskConfig(60, 85, 100, List.of("mfa"), java.time.Duration.ofMinutes(5), List.of("tor"), List.of("office"),
                new RiskConfig.BusinessHours(List.of("mon", "tue", "wed", "thu", "fri"), "08:00", "18:00"), weights,
                100_000, 2_000, null, io.vigil.pipeline.Mode.ENFORCE, null, null, List.of()), networks(), BERLIN);
    }

    static Exchange exchange(String client, ZonedDateTime at, Principal principal) {
        Exchange exchange = Exchange.builder().requestId("r").method("GET").rawTarget("/x").clientAddress(client)
                .startEpochMillis(at.toInstant().toEpochMilli()).headers(MultiMap.caseInsensitiveMultiMap()).build();
        if (principal != null) {
            exchange.principal(principal);
        }
        return exchange;
    }

    /** A user with a DPoP-bound token (the strongest kind, so the method itself adds nothing). */
    static Principal user(String acr, List<String> amr, long authTime, Map<String, Object> claims) {
        return new Principal(Principal.Type.USER, "alice", "https://idp", "jwt:corp", Set.of(), Set.of(), null, acr, amr,
                authTime, null, null, null, 0, BehaviourTest.BOUND, claims, 0);
    }

    static Principal bearer(String method) {
        return new Principal(Principal.Type.SERVICE, "billing", "https://idp", method, Set.of(), Set.of(), null, null,
                List.of(), 0, null, null, null, 0, Map.of(), Map.of(), 0);
    }

    static final ZonedDateTime WEDNESDAY_TEN = ZonedDateTime.of(2026, 11, 25, 10, 0, 0, 0, BERLIN);

    static List<String> names(RiskAssessment a) {
        return a.factors().stream().map(Factor::name).toList();
    }

    @Test
    void aStrongLoginFromTheOfficeInHoursScoresZero() {
        RiskAssessment a = engine(Map.of()).assess(exchange("10.1.2.3", WEDNESDAY_TEN,
                user("mfa", List.of("pwd", "otp"), WEDNESDAY_TEN.toEpochSecond() - 600, Map.of())));
        assertThat(a.score()).isZero();
        assertThat(a.factors()).isEmpty();
    }

    @Test
    void eachFactorAddsItsWeightWithEvidence() {
        long twoDaysAgo = WEDNESDAY_TEN.toEpochSecond() - 2 * 86_400;
        RiskAssessment a = engine(Map.of()).assess(exchange("192.0.2.7", WEDNESDAY_TEN.withHour(22),
                user(null, List.of("pwd"), twoDaysAgo, Map.of("device_compliant", false))));
        assertThat(names(a)).containsExactly("auth.no_mfa", "auth.stale_login", "device.noncompliant", "network.untrusted",
                "time.off_hours");
        assertThat(a.score()).isEqualTo(15 + 10 + 25 + 5 + 15);
        assertThat(a.factors()).anySatisfy(f -> assertThat(f.evidence()).isEqualTo("wed 22:00"));
        assertThat(a.factors()).anySatisfy(f -> assertThat(f.evidence()).isEqualTo("login 60 h ago"));
    }

    @Test
    void knownBadNetworksWeighMostAndTheScoreIsCapped() {
        RiskAssessment a = engine(Map.of("network.known_bad", 95)).assess(exchange("198.51.100.9", WEDNESDAY_TEN.withHour(3),
                user(null, List.of(), 0, Map.of())));
        assertThat(names(a)).contains("network.known_bad").doesNotContain("network.untrusted");
        assertThat(a.score()).isEqualTo(100);
    }

    @Test
    void apiKeysAndAnonymousCallers() {
        Principal key = new Principal(Principal.Type.APIKEY, "svc", "vigil:apikey", "apikey", Set.of(), Set.of(), null, null,
                List.of(), 0, null, null, "k1", 0, Map.of(), Map.of(), 0);
        assertThat(names(engine(Map.of()).assess(exchange("10.0.0.1", WEDNESDAY_TEN, key)))).containsExactly("auth.api_key");
        assertThat(names(engine(Map.of()).assess(exchange("10.0.0.1", WEDNESDAY_TEN, null)))).isEmpty();
        assertThat(names(engine(Map.of()).assess(exchange("10.0.0.1", WEDNESDAY_TEN.withDayOfMonth(29), null))))
                .as("a Sunday: office hours are for people").isEmpty();
        assertThat(names(engine(Map.of()).assess(exchange("10.0.0.1", WEDNESDAY_TEN.withDayOfMonth(29), key)))).as("services too")
                .containsExactly("auth.api_key");
        assertThat(names(engine(Map.of()).assess(exchange("10.0.0.1", WEDNESDAY_TEN.withDayOfMonth(29),
                user(null, List.of("otp"), 0, Map.of()))))).as("a person on a Sunday").containsExactly("time.off_hours");
    }

    @Test
    void anApiKeyWeighsMoreThanABearerTokenWhichWeighsMoreThanABoundOne() throws Exception {
        Principal key = new Principal(Principal.Type.APIKEY, "svc", "vigil:apikey", "apikey", Set.of(), Set.of(), null, null,
                List.of(), 0, null, null, "k1", 0, Map.of(), Map.of(), 0);
        RiskEngine engine = engine(Map.of());
        int apiKey = engine.assess(exchange("10.0.0.1", WEDNESDAY_TEN, key)).score();
        RiskAssessment bearer = engine.assess(exchange("10.0.0.1", WEDNESDAY_TEN, bearer("jwt:corp")));
        Principal boundService = new Principal(Principal.Type.SERVICE, "billing", "https://idp", "jwt:corp", Set.of(),
                Set.of(), null, null, List.of(), 0, null, null, null, 0, BehaviourTest.BOUND, Map.of(), 0);
        int bound = engine.assess(exchange("10.0.0.1", WEDNESDAY_TEN, boundService)).score();
        Exchange overMtls = exchange("10.0.0.1", WEDNESDAY_TEN, bearer("jwt:corp"));
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("vigil-risk-cert");
        io.vigil.testing.SelfSignedCert cert = io.vigil.testing.SelfSignedCert.create(dir, "billing");
        overMtls.clientCertificate(new io.vigil.auth.mtls.ClientCertificate(cert.certificate(), "thumb", List.of(), List.of()));
        int withCertificate = engine.assess(overMtls).score();
        assertThat(names(bearer)).containsExactly("auth.bearer_token");
        assertThat(bearer.factors().get(0).evidence()).isEqualTo("token not bound to its sender");
        assertThat(apiKey).isGreaterThan(bearer.score());
        assertThat(bearer.score()).isGreaterThan(bound);
        assertThat(bound).isZero();
        assertThat(withCertificate).as("a token over mutual TLS").isZero();
        assertThat(engine.assess(exchange("10.0.0.1", WEDNESDAY_TEN, bearer("mtls"))).score()).as("a workload certificate")
                .isZero();
        assertThat(engine(Map.of("auth.bearer_token", 0)).assess(exchange("10.0.0.1", WEDNESDAY_TEN, bearer("jwt:corp")))
                .factors()).as("a weight of 0 turns a factor off").isEmpty();
    }

    @Test
    void businessHoursMaySpanMidnight() {
        RiskEngine nights = RiskEngine.of(new RiskConfig(60, 85, 100, List.of("mfa"), java.time.Duration.ofMinutes(5), List.of(), List.of(),
                new RiskConfig.BusinessHours(List.of("fri"), "22:00", "06:00"), Map.of(), 100_000, 2_000, null, io.vigil.pipeline.Mode.ENFORCE, null, null, List.of()),
                NetworkTags.NONE, BERLIN);
        ZonedDateTime friday = ZonedDateTime.of(2026, 11, 27, 23, 0, 0, 0, BERLIN);
        Principal guard = user(null, List.of("otp"), 0, Map.of());
        assertThat(nights.assess(exchange("10.0.0.1", friday, guard)).score()).isZero();
        assertThat(nights.assess(exchange("10.0.0.1", friday.plusHours(4), guard)).score()).as("saturday 03:00, friday's shift")
                .isZero();
        assertThat(nights.assess(exchange("10.0.0.1", friday.plusHours(8), guard)).score()).isEqualTo(15);
    }
}
