package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.testing.MmdbWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Country, location and ASN from MaxMind-format files written per the format's specification. */
class MaxMindGeoTest {

    @TempDir
    Path dir;

    Path city() throws Exception {
        Path file = dir.resolve("city.mmdb");
        new MmdbWriter()
                .add("198.51.100.0/24", Map.of("country", Map.of("iso_code", "DE"),
                        "location", Map.of("latitude", 52.52, "longitude", 13.405)))
                .add("203.0.113.0/25", Map.of("registered_country", Map.of("iso_code", "BR")))
                .add("2001:db8::/32", Map.of("country", Map.of("iso_code", "NL"),
                        "location", Map.of("latitude", 52.37, "longitude", 4.89)))
                .write(file, "GeoLite2-City");
        return file;
    }

    Path asn() throws Exception {
        Path file = dir.resolve("asn.mmdb");
        new MmdbWriter().add("198.51.100.0/24", Map.of("autonomous_system_number", 64500L,
                "autonomous_system_organization", "Example Hosting")).write(file, "GeoLite2-ASN");
        return file;
    }

    @Test
    void countryLocationAndAutonomousSystem() throws Exception {
        try (MaxMindGeo geo = MaxMindGeo.open(city().toString(), asn().toString())) {
            Geo.Place berlin = geo.find("198.51.100.7");
            assertThat(berlin.country()).isEqualTo("DE");
            assertThat(berlin.latitude()).isEqualTo(52.52);
            assertThat(berlin.asn()).isEqualTo(64500);
            Geo.Place registered = geo.find("203.0.113.9");
            assertThat(registered.country()).as("registered_country when country is absent").isEqualTo("BR");
            assertThat(registered.located()).isFalse();
            assertThat(geo.find("2001:db8:1::5").country()).isEqualTo("NL");
            assertThat(geo.find("::ffff:198.51.100.7").country()).as("IPv4-mapped").isEqualTo("DE");
            assertThat(geo.find("192.0.2.1")).isNull();
            assertThat(geo.find("not-an-address")).isNull();
            assertThat(Geo.km(berlin, geo.find("2001:db8::1"))).isBetween(570.0, 590.0);
        }
    }

    @Test
    void anAsnDatabaseAlone() throws Exception {
        try (MaxMindGeo geo = MaxMindGeo.open(null, asn().toString())) {
            Geo.Place place = geo.find("198.51.100.7");
            assertThat(place.asn()).isEqualTo(64500);
            assertThat(place.country()).isNull();
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsRefused() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.mmdb"), "not a database");
        assertThatThrownBy(() -> MaxMindGeo.open(junk.toString(), null)).hasMessageContaining("junk.mmdb");
        assertThatThrownBy(() -> MaxMindGeo.open(dir.resolve("missing.mmdb").toString(), null)).hasMessageContaining("missing.mmdb");
    }
}
