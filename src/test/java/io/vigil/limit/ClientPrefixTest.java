package io.vigil.limit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** IPv6 clients count by their /64: a fresh address per request is not a fresh allowance. */
class ClientPrefixTest {

    @Test
    void ipv6CountsByItsSlash64AndIpv4ByItself() {
        assertThat(ClientPrefix.of("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).isEqualTo(ClientPrefix.of("2001:db8:1:2::1"))
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientPrefix.of("2001:db8:1:3::1")).isNotEqualTo(ClientPrefix.of("2001:db8:1:2::1"));
        assertThat(ClientPrefix.of("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(ClientPrefix.of("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
    }
}
