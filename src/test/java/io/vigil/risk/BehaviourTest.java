package io.vigil.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vigil.audit.DecisionRecord;
import io.vigil.auth.NoneAuthenticator;
import io.vigil.auth.Principal;
import io.vigil.authz.Access;
import io.vigil.authz.NetworkTags;
import io.vigil.config.RiskConfig;
import io.vigil.pipeline.Exchange;
import io.vigil.route.HostPattern;
import io.vigil.route.PathTemplate;
import io.vigil.route.Route;
import io.vigil.route.RouteMatch;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each behaviour factor against a baseline learned from synthetic traffic of one identity. */
class BehaviourTest {

    static final ZoneId UTC = ZoneId.of("UTC");
    /** A DPoP-bound token, the strongest kind: no authentication factor gets in the way of those under test. */
    static final Map<String, Object> BOUND = Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I");
    static final Principal ALICE = new Principal(Principal.Type.USER, "alice", "https://idp", "jwt:corp", Set.of(), Set.of(),
            null, "mfa", List.of("otp"), 0, null, null, null, 0, BOUND, Map.of(), 0);
    static final long WEDNESDAY_TEN = ZonedDateTime.of(2026, 11, 25, 10, 0, 0, 0, UTC).toInstant().toEpochMilli();

    final Baselines baselines = new Baselines(1_000);
    final RiskEngine engine = RiskEngine.of(new RiskConfig(60, 85, 100, List.of("mfa"), java.time.Duration.ofMinutes(5), List.of(), List.of(), null, Map.of(),
            1_000, 2_000, null, io.vigil.pipeline.Mode.ENFORCE, null, null, List.of()), NetworkTags.NONE, UTC, baselines);

    static DecisionRecord record(long time, String route, String path, String client, int status) {
        return new DecisionRecord(time, "r", route, "GET", "http", "api", path, status, status < 400 ? "allow" : "deny",
                status < 400 ? "allowed" : "x", null, null, List.of(), client, List.of(), ALICE, null, null, 10, 10, 0, null, null);
    }

    static DecisionRecord record(long time, String route, String path, String client, int status, long bytes) {
        return new DecisionRecord(time, "r", route, "GET", "http", "api", path, status, "allow", "allowed", null, null, List.of(),
                client, List.of(), ALICE, null, null, 10, 10, bytes, null, null);
    }

    static Exchange exchange(long time, String route, String path, String client) throws Exception {
        Exchange exchange = Exchange.builder().requestId("r").method("GET").rawTarget(path).clientAddress(client)
                .startEpochMillis(time).headers(MultiMap.caseInsensitiveMultiMap()).build();
        exchange.normalized(io.vigil.server.PathNormalizer.normalize(path), null);
        Route r = new Route(route, HostPattern.ANY, Set.of(), PathTemplate.parse("/" + route + "/{id}"), null,
                List.of(NoneAuthenticator.INSTANCE), Access.NONE, null, 1024, false, false, false, io.vigil.limit.Limits.NONE,
                io.vigil.pipeline.Mode.ENFORCE);
        exchange.matched(new RouteMatch.Found(r, List.of("x"), path));
        exchange.principal(ALICE);
        return exchange;
    }

    List<String> factors(long time, String route, String path, String client) throws Exception {
        return engine.assess(exchange(time, route, path, client)).names();
    }

    /** A routine: a few requests a minute on two routes from one network, over many minutes. */
    void routine(int minutes, long start) {
        for (int m = 0; m < minutes; m++) {
            for (int i = 0; i < 5; i++) {
                String route = i % 2 == 0 ? "orders" : "profile";
                baselines.accept(record(start + m * 60_000L + i * 1_000, route, "/" + route + "/7", "10.1.2.3", 200));
            }
        }
    }

    @Test
    void aNewcomerHasNoBehaviourFactors() throws Exception {
        assertThat(factors(WEDNESDAY_TEN, "orders", "/orders/1", "10.1.2.3")).isEmpty();
        baselines.accept(record(WEDNESDAY_TEN, "orders", "/orders/1", "10.1.2.3", 200));
        assertThat(factors(WEDNESDAY_TEN + 1_000, "admin", "/admin/1", "203.0.113.9")).isEmpty();
    }

    @Test
    void enumerationOfIdsOnOneRouteWithinAMinute() throws Exception {
        for (int id = 0; id < 29; id++) {
            baselines.accept(record(WEDNESDAY_TEN + id * 100, "orders", "/orders/" + id, "10.1.2.3", 200));
        }
        assertThat(factors(WEDNESDAY_TEN + 3_000, "orders", "/orders/29", "10.1.2.3")).doesNotContain("behaviour.enumeration");
        baselines.accept(record(WEDNESDAY_TEN + 2_900, "orders", "/orders/29", "10.1.2.3", 200));
        assertThat(factors(WEDNESDAY_TEN + 3_000, "orders", "/orders/30", "10.1.2.3")).contains("behaviour.enumeration");
        // A minute later the window has moved on.
        assertThat(factors(WEDNESDAY_TEN + 70_000, "orders", "/orders/31", "10.1.2.3")).doesNotContain("behaviour.enumeration");
    }

    @Test
    void anHourOfTheWeekIsNotUnusualInTheFirstWeek() throws Exception {
        for (int i = 0; i < 600; i++) {
            baselines.accept(record(WEDNESDAY_TEN + i * 1_000L, "orders", "/orders/7", "10.1.2.3", 200));
        }
        long sundayNight = ZonedDateTime.of(2026, 11, 29, 3, 0, 0, 0, UTC).toInstant().toEpochMilli();
        assertThat(factors(sundayNight, "orders", "/orders/7", "10.1.2.3")).doesNotContain("behaviour.unusual_hour");
    }

    @Test
    void refusalsSpreadOverAnHourAreProbingToo() throws Exception {
        for (int i = 0; i < 19; i++) {
            baselines.accept(record(WEDNESDAY_TEN + i * 150_000L, "admin", "/admin/" + i, "10.1.2.3", 403));
        }
        long after = WEDNESDAY_TEN + 19 * 150_000L;
        assertThat(factors(after, "orders", "/orders/1", "10.1.2.3")).doesNotContain("behaviour.probing");
        baselines.accept(record(after, "admin", "/admin/19", "10.1.2.3", 404));
        assertThat(factors(after + 1_000, "orders", "/orders/1", "10.1.2.3")).contains("behaviour.probing");
        assertThat(engine.assess(exchange(after + 1_000, "orders", "/orders/1", "10.1.2.3")).factors().stream()
                .filter(f -> f.name().equals("behaviour.probing")).findFirst().orElseThrow().evidence()).isEqualTo("20 refusals in 1 h");
        assertThat(factors(after + 3_600_000L, "orders", "/orders/1", "10.1.2.3")).doesNotContain("behaviour.probing");
    }

    @Test
    void whatTheRiskStageRefusedTeachesNothingLasting() throws Exception {
        routine(12, WEDNESDAY_TEN);
        long later = WEDNESDAY_TEN + 13 * 60_000L;
        DecisionRecord refused = new DecisionRecord(later, "r", "admin", "GET", "http", "api", "/admin/1", 403, "deny",
                "risk_too_high", null, null, List.of(), "203.0.113.9", List.of(), ALICE, null, null, 10, 10, 0, null, null);
        baselines.accept(refused);
        assertThat(factors(later + 1_000, "admin", "/admin/2", "203.0.113.9"))
                .contains("behaviour.new_endpoint", "behaviour.new_network");
    }

    @Test
    void aBurstAsBusyAsThisHourUsuallyGetsIsNoSpike() throws Exception {
        long twoAmYesterday = WEDNESDAY_TEN - 8 * 3_600_000L - 86_400_000L;
        for (int i = 0; i < 60; i++) {      // yesterday's nightly batch: 60 requests in a minute at 02:00
            baselines.accept(record(twoAmYesterday + i * 900, "orders", "/orders/7", "10.1.2.3", 200));
        }
        routine(20, WEDNESDAY_TEN - 86_400_000L);
        routine(20, WEDNESDAY_TEN);
        long twoAm = WEDNESDAY_TEN - 8 * 3_600_000L + 86_400_000L;   // Thursday 02:00
        for (int i = 0; i < 50; i++) {
            baselines.accept(record(twoAm + i * 900, "orders", "/orders/7", "10.1.2.3", 200));
        }
        assertThat(factors(twoAm + 46_000, "orders", "/orders/7", "10.1.2.3")).as("tonight's batch").doesNotContain("behaviour.rate_spike");
        long twoPm = WEDNESDAY_TEN + 4 * 3_600_000L + 86_400_000L;
        for (int i = 0; i < 50; i++) {
            baselines.accept(record(twoPm + i * 900, "orders", "/orders/7", "10.1.2.3", 200));
        }
        assertThat(factors(twoPm + 46_000, "orders", "/orders/7", "10.1.2.3")).as("the same burst at 14:00").contains("behaviour.rate_spike");
    }

    @Test
    void aSessionThatMovesToANetworkTheCallerNeverUsedIsSuspect() throws Exception {
        Principal inSession = new Principal(Principal.Type.USER, "alice", "https://idp", "jwt:corp", Set.of(), Set.of(), null,
                "mfa", List.of("otp"), 0, "s-9", null, null, 0, BOUND, Map.of(), 0);
        routine(12, WEDNESDAY_TEN);
        baselines.accept(record(inSession, WEDNESDAY_TEN + 13 * 60_000L, "orders", "/orders/7", "10.1.2.3", 200));
        Exchange moved = exchange(WEDNESDAY_TEN + 14 * 60_000L, "orders", "/orders/7", "203.0.113.9");
        moved.principal(inSession);
        assertThat(engine.assess(moved).factors()).anySatisfy(f -> {
            assertThat(f.name()).isEqualTo("behaviour.session_moved");
            assertThat(f.evidence()).isEqualTo("session began on 10.1.2.0/24, now 203.0.113.0/24");
        });
        Exchange elsewhere = exchange(WEDNESDAY_TEN + 14 * 60_000L, "orders", "/orders/7", "203.0.113.9");
        assertThat(engine.assess(elsewhere).names()).as("no session: only the new network")
                .contains("behaviour.new_network").doesNotContain("behaviour.session_moved");
    }

    static Principal inSession(String sid) {
        return new Principal(Principal.Type.USER, "alice", "https://idp", "jwt:corp", Set.of(), Set.of(), null,
                "mfa", List.of("otp"), 0, sid, null, null, 0, BOUND, Map.of(), 0);
    }

    @Test
    void oneSessionFarAboveItsOwnRateIsASpikeThoughTheIdentitysNoisyTotalIsNot() throws Exception {
        Principal quiet = inSession("s-quiet");
        Principal busy = inSession("s-busy");
        // The identity's total swings between 20 and 200 a minute (its busy session); the quiet
        // session makes 2 a minute, every minute.
        for (int m = 0; m < 14; m++) {
            long start = WEDNESDAY_TEN + m * 60_000L;
            int load = m % 2 == 0 ? 20 : 200;
            for (int i = 0; i < load; i++) {
                baselines.accept(record(busy, start + i * 250L, "orders", "/orders/7", "10.1.2.3", 200));
            }
            for (int i = 0; i < 2; i++) {
                baselines.accept(record(quiet, start + 30_000 + i * 1_000, "profile", "/profile/7", "10.1.2.3", 200));
            }
        }
        long now = WEDNESDAY_TEN + 14 * 60_000L;
        for (int i = 0; i < 40; i++) {
            baselines.accept(record(quiet, now + i * 500L, "profile", "/profile/7", "10.1.2.3", 200));
        }
        Exchange scraping = exchange(now + 21_000, "profile", "/profile/7", "10.1.2.3");
        scraping.principal(quiet);
        RiskAssessment assessed = engine.assess(scraping);
        assertThat(assessed.names()).contains("behaviour.session_rate_spike").doesNotContain("behaviour.rate_spike");
        assertThat(assessed.factors()).filteredOn(f -> f.name().equals("behaviour.session_rate_spike"))
                .singleElement().satisfies(f -> assertThat(f.evidence()).startsWith("42/min in this session vs its usual 2.0"));
        Exchange other = exchange(now + 21_000, "orders", "/orders/7", "10.1.2.3");
        other.principal(busy);
        assertThat(engine.assess(other).names()).as("the busy session at its usual rate").doesNotContain("behaviour.session_rate_spike");
    }

    @Test
    void aLongRequestFromTheMinuteBeforeDoesNotEndTheCurrentMinute() {
        SessionRate rate = new SessionRate();
        Baseline baseline = new Baseline();
        long t = WEDNESDAY_TEN;
        for (int i = 0; i < 30; i++) {
            long at = i < 10 ? t + i * 1_000L : t + 60_000 + (i - 10) * 1_000L;   // 10 in minute 0, 20 in minute 1
            rate.observe(at, false);
            baseline.observe(at, "orders", "/orders/7", "10.1.2.0/24", 200, 10, 1, false);
        }
        // Finished now, stamped with its start in minute 0; then minute 1 goes on.
        rate.observe(t + 59_000, false);
        baseline.observe(t + 59_000, "orders", "/orders/7", "10.1.2.0/24", 200, 10, 1, false);
        rate.observe(t + 85_000, false);
        baseline.observe(t + 85_000, "orders", "/orders/7", "10.1.2.0/24", 200, 10, 1, false);
        // 21 this minute, and half of the previous minute's 11 at 90 s.
        assertThat(rate.lastMinute(t + 90_000)).isEqualTo(26);
        assertThat(baseline.requestsInLastMinute(t + 90_000)).isEqualTo(26);
        assertThat(rate.activeMinutes()).isEqualTo(1);
        assertThat(baseline.activeMinutes()).isEqualTo(1);
        rate.observe(t - 120_000, false);
        assertThat(rate.lastMinute(t + 90_000)).as("older records no longer count").isEqualTo(26);
    }

    @Test
    void farMoreResponseDataThanUsualIsAVolumeSpike() throws Exception {
        for (int m = 0; m < 20; m++) {
            for (int i = 0; i < 5; i++) {
                baselines.accept(record(WEDNESDAY_TEN + m * 60_000L + i * 1_000, "orders", "/orders/7", "10.1.2.3", 200, 4_096));
            }
        }
        long bulk = WEDNESDAY_TEN + 20 * 60_000L;
        assertThat(factors(bulk, "orders", "/orders/7", "10.1.2.3")).doesNotContain("behaviour.volume_spike");
        for (int i = 0; i < 8; i++) {
            baselines.accept(record(bulk + i * 1_000, "export", "/export/" + i, "10.1.2.3", 200, 1_000_000));
        }
        List<Factor> found = engine.assess(exchange(bulk + 9_000, "orders", "/orders/7", "10.1.2.3")).factors();
        assertThat(found).anySatisfy(f -> {
            assertThat(f.name()).isEqualTo("behaviour.volume_spike");
            assertThat(f.evidence()).matches("78[0-9]{2} KiB in 60 s vs usual 20 KiB .*");
        });
        assertThat(factors(bulk + 130_000, "orders", "/orders/7", "10.1.2.3")).doesNotContain("behaviour.volume_spike");
    }

    @Test
    void aBurstOfRefusalsIsProbing() throws Exception {
        for (int i = 0; i < 10; i++) {
            baselines.accept(record(WEDNESDAY_TEN + i * 500, "admin", "/admin/" + (i % 3), "10.1.2.3", i % 2 == 0 ? 403 : 404));
        }
        assertThat(factors(WEDNESDAY_TEN + 6_000, "orders", "/orders/1", "10.1.2.3")).contains("behaviour.probing");
        assertThat(factors(WEDNESDAY_TEN + 120_000, "orders", "/orders/1", "10.1.2.3")).doesNotContain("behaviour.probing");
    }

    @Test
    void aRateFarAboveTheCallersOwnIsASpike() throws Exception {
        routine(20, WEDNESDAY_TEN);
        long spike = WEDNESDAY_TEN + 20 * 60_000L;
        for (int i = 0; i < 39; i++) {
            baselines.accept(record(spike + i * 100, "orders", "/orders/7", "10.1.2.3", 200));
        }
        assertThat(factors(spike + 4_000, "orders", "/orders/7", "10.1.2.3")).contains("behaviour.rate_spike");
        assertThat(factors(spike + 61_000, "orders", "/orders/7", "10.1.2.3")).as("the window slides: most of it is still there")
                .contains("behaviour.rate_spike");
        assertThat(factors(spike + 120_000, "orders", "/orders/7", "10.1.2.3")).doesNotContain("behaviour.rate_spike");
    }

    @Test
    void newEndpointsStepsAndNetworksOnceTheBaselineIsWarm() throws Exception {
        routine(12, WEDNESDAY_TEN);
        long later = WEDNESDAY_TEN + 13 * 60_000L;
        assertThat(factors(later, "orders", "/orders/7", "10.1.2.3")).isEmpty();
        assertThat(factors(later, "admin", "/admin/7", "10.1.2.3")).containsExactly("behaviour.new_endpoint");
        assertThat(factors(later, "orders", "/orders/7", "203.0.113.9")).containsExactly("behaviour.new_network");
        assertThat(factors(later, "profile", "/profile/7", "10.1.2.99")).as("same /24, a step it takes").isEmpty();
    }

    @Test
    void anHourOfTheWeekNeverSeenBefore() throws Exception {
        // A week of history at Wednesday 10:00 only; every other hour of the week has had its chance.
        baselines.accept(record(WEDNESDAY_TEN - 7 * 86_400_000L, "orders", "/orders/7", "10.1.2.3", 200));
        for (int i = 0; i < 600; i++) {
            baselines.accept(record(WEDNESDAY_TEN + i * 1_000L, "orders", "/orders/7", "10.1.2.3", 200));
        }
        long sundayNight = ZonedDateTime.of(2026, 11, 29, 3, 0, 0, 0, UTC).toInstant().toEpochMilli();
        assertThat(factors(sundayNight, "orders", "/orders/7", "10.1.2.3")).contains("behaviour.unusual_hour");
        assertThat(factors(WEDNESDAY_TEN + 600_000L, "orders", "/orders/7", "10.1.2.3")).doesNotContain("behaviour.unusual_hour");
        // One night's session does not make 3 a.m. usual; a second night does.
        baselines.accept(record(sundayNight, "orders", "/orders/7", "10.1.2.3", 200));
        assertThat(factors(sundayNight + 300_000, "orders", "/orders/7", "10.1.2.3")).contains("behaviour.unusual_hour");
        baselines.accept(record(sundayNight + 86_400_000L, "orders", "/orders/7", "10.1.2.3", 200));
        assertThat(factors(sundayNight + 86_700_000L, "orders", "/orders/7", "10.1.2.3")).doesNotContain("behaviour.unusual_hour");
    }

    @Test
    void theStreamingModelFlagsBehaviourUnlikeItsClass() throws Exception {
        // Forty users going about their day: a few requests a minute, two routes, one network each.
        baselines.anomalyBudget(1_000_000);
        for (int m = 0; m < 60; m++) {
            baselines.drainAnomalies();
            for (int u = 0; u < 40; u++) {
                Principal user = user("u" + u);
                for (int i = 0; i < 3; i++) {
                    String route = i == 2 ? "profile" : "orders";
                    baselines.accept(record(user, WEDNESDAY_TEN + m * 60_000L + u * 100 + i * 10, route, "/" + route + "/" + u,
                            "10.1." + u + ".7", 200));
                }
            }
        }
        long later = WEDNESDAY_TEN + 61 * 60_000L;
        baselines.drainAnomalies();
        Principal mallory = user("u7");
        // One of them turns scraper: many ids, many refusals, from a new network, within seconds.
        for (int i = 0; i < 40; i++) {
            baselines.accept(record(mallory, later + i * 50, "orders", "/orders/" + (1000 + i), "203.0.113.9", i % 2 == 0 ? 404 : 403));
        }
        baselines.drainAnomalies();
        Baseline scraper = baselines.of(mallory);
        assertThat(scraper.anomaly(later + 3_000)).isGreaterThanOrEqualTo(BehaviourSignal.ANOMALY_SCORE);
        assertThat(engine.assess(exchange(mallory, later + 3_000, "orders", "/orders/2000", "203.0.113.9")).names())
                .contains("behaviour.anomaly");
        // The others stay ordinary.
        long flagged = java.util.stream.IntStream.range(0, 40).filter(u -> u != 7)
                .filter(u -> baselines.of(user("u" + u)).anomaly(later) >= BehaviourSignal.ANOMALY_SCORE).count();
        assertThat(flagged).as("ordinary users flagged").isZero();
        assertThat(scraper.anomaly(later + 120_000)).as("a minute later").isZero();
    }

    static Principal user(String sub) {
        return new Principal(Principal.Type.USER, sub, "https://idp", "jwt:corp", Set.of(), Set.of(), null, "mfa",
                List.of("otp"), 0, null, null, null, 0, BOUND, Map.of(), 0);
    }

    static DecisionRecord record(Principal p, long time, String route, String path, String client, int status) {
        return new DecisionRecord(time, "r", route, "GET", "http", "api", path, status, status < 400 ? "allow" : "deny",
                status < 400 ? "allowed" : "x", null, null, List.of(), client, List.of(), p, null, null, 10, 10, 0, null, null);
    }

    static Exchange exchange(Principal p, long time, String route, String path, String client) throws Exception {
        Exchange exchange = exchange(time, route, path, client);
        exchange.principal(p);
        return exchange;
    }

    @Test
    void baselinesAreBounded() {
        Baselines small = new Baselines(2);
        for (int i = 0; i < 50; i++) {
            Principal p = new Principal(Principal.Type.USER, "u" + i, "https://idp", "jwt:corp", Set.of(), Set.of(), null, null,
                    List.of(), 0, null, null, null, 0, BOUND, Map.of(), 0);
            small.accept(new DecisionRecord(WEDNESDAY_TEN, "r", "orders", "GET", "http", "api", "/orders/1", 200, "allow",
                    "allowed", null, null, List.of(), "10.0.0.1", List.of(), p, null, null, 1, 1, 0, null, null));
        }
        assertThat(small.size()).isLessThanOrEqualTo(2);
    }
}
