package io.vigil.risk;

import io.vigil.server.Geo;
import io.vigil.server.GeoTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.authz.NetworkTags;
import io.vigil.config.RiskConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CIDR-to-country table, new countries and impossible travel against a caller's own history. */
class GeoTest {

    @TempDir
    Path dir;

    GeoTable table() throws Exception {
        Path csv = dir.resolve("geo.csv");
        Files.writeString(csv, """
                # cidr,country,latitude,longitude
                198.51.100.0/24,DE,52.52,13.40
                203.0.113.0/24,AU,-33.87,151.21
                192.0.2.0/25,FR,48.86,2.35
                2001:db8:aa::/48,JP,35.68,139.69
                10.0.0.0/8,DE
                """);
        return GeoTable.load(csv);
    }

    @Test
    void findsPlacesByRange() throws Exception {
        GeoTable geo = table();
        assertThat(geo.find("198.51.100.77").country()).isEqualTo("DE");
        assertThat(geo.find("192.0.2.127").country()).isEqualTo("FR");
        assertThat(geo.find("192.0.2.128")).isNull();
        assertThat(geo.find("2001:db8:aa:1::9").country()).isEqualTo("JP");
        assertThat(geo.find("::ffff:203.0.113.5").country()).isEqualTo("AU");
        assertThat(geo.find("10.9.9.9").located()).isFalse();
        assertThat(geo.find("not-an-ip")).isNull();
        assertThat(Geo.km(geo.find("198.51.100.1"), geo.find("203.0.113.1"))).isBetween(16_000.0, 16_200.0);
    }

    @Test
    void badTablesAreRefusedWithTheirLine() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "10.0.0.0/8,DE\n10.1.0.0/16,FR\n");
        assertThatThrownBy(() -> GeoTable.load(bad)).hasMessageContaining("overlap");
        Files.writeString(bad, "10.0.0.0/8,Germany\n");
        assertThatThrownBy(() -> GeoTable.load(bad)).hasMessageContaining("line 1").hasMessageContaining("country code");
    }

    @Test
    void impossibleTravelAndNewCountries() throws Exception {
        Baselines baselines = new Baselines(100);
        GeoTable geo = table();
        baselines.geo(geo);
        RiskEngine engine = RiskEngine.of(new RiskConfig(60, 85, 100, List.of("mfa"), java.time.Duration.ofMinutes(5), List.of(), List.of(), null, Map.of(),
                100, 2_000, null, io.vigil.pipeline.Mode.ENFORCE, null, null, List.of()), NetworkTags.NONE, ZoneId.of("UTC"), baselines, geo);
        long t = BehaviourTest.WEDNESDAY_TEN;
        for (int i = 0; i < 60; i++) {
            baselines.accept(BehaviourTest.record(BehaviourTest.ALICE, t + i * 1_000L, "orders", "/orders/1", "198.51.100.7", 200));
        }
        long later = t + 65_000;
        // Berlin to Sydney in about a minute.
        assertThat(engine.assess(BehaviourTest.exchange(BehaviourTest.ALICE, later, "orders", "/orders/1", "203.0.113.9")).names())
                .contains("network.impossible_travel", "network.new_country");
        // Berlin to Paris in five hours is a train ride, but a new country.
        assertThat(engine.assess(BehaviourTest.exchange(BehaviourTest.ALICE, t + 5 * 3_600_000L, "orders", "/orders/1", "192.0.2.9"))
                .names()).contains("network.new_country").doesNotContain("network.impossible_travel");
        assertThat(engine.assess(BehaviourTest.exchange(BehaviourTest.ALICE, later, "orders", "/orders/1", "198.51.100.8")).names())
                .doesNotContain("network.impossible_travel", "network.new_country");
    }
}
