package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrontDoorTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "api.example.com", "API.Example.COM:8443", "127.0.0.1", "127.0.0.1:80", "[::1]",
            "[::1]:8080", "[2001:db8::7]:443", "x-1.example", "localhost:1"})
    void accepts_one_host(String authority) {
        assertThat(FrontDoor.validAuthority(authority)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "admin.example.com.", ".example.com", "a..b", "-a.com", "a-.com", "a b", "a%2eb",
            "user@a", "a:", "a:123456", "a:8x", "[::1", "[::1]x", "[zz::1]", "a/b", "a?b", "a#b", "a,b", "\u00e9.com"})
    void refuses_anything_ambiguous(String authority) {
        assertThat(FrontDoor.validAuthority(authority)).isFalse();
    }
}
