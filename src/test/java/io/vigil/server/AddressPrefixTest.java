package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** IPv6 clients count by their /64: a fresh address per request is not a fresh allowance. */
class AddressPrefixTest {

    static String limitKey(String address) {
        return AddressPrefix.of(address, 32, 64);
    }

    @Test
    void ipv6CountsByItsSlash64AndIpv4ByItself() {
        assertThat(limitKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).isEqualTo(limitKey("2001:db8:1:2::1"))
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(limitKey("2001:db8:1:3::1")).isNotEqualTo(limitKey("2001:db8:1:2::1"));
        assertThat(limitKey("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(limitKey("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
    }

    @Test
    void networksForBaselinesAreSlash24AndSlash48() {
        assertThat(AddressPrefix.of("192.0.2.7", 24, 48)).isEqualTo("192.0.2.0/24");
        // IPv4-mapped clients are their IPv4 network, not one shared ::ffff:0:0/48.
        assertThat(AddressPrefix.of("::ffff:192.0.2.7", 24, 48)).isEqualTo("192.0.2.0/24");
        assertThat(AddressPrefix.of("::ffff:198.51.100.7", 24, 48)).isEqualTo("198.51.100.0/24");
        assertThat(AddressPrefix.of("2001:db8:aa:1::9", 24, 48)).isEqualTo("2001:db8:aa::/48");
        assertThat(AddressPrefix.of("not-an-ip", 24, 48)).isEqualTo("not-an-ip");
    }
}
