package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PathNormalizerTest {

    private static final String REJECT = "<reject>";

    static Stream<Arguments> cases() {
        return Stream.of(
                // Already normal: returned as is.
                row("/", "/"),
                row("/orders", "/orders"),
                row("/orders/42", "/orders/42"),
                row("/orders/", "/orders/"),
                row("/v1.2/file.json", "/v1.2/file.json"),
                row("/a-b_c~d", "/a-b_c~d"),
                // Unreserved characters are decoded, the rest stays encoded in upper case.
                row("/%61dmin", "/admin"),
                row("/%7Euser", "/~user"),
                row("/a%2db", "/a-b"),
                row("/caf%C3%A9", "/caf%C3%A9"),
                row("/caf%c3%a9", "/caf%C3%A9"),
                row("/with%20space", "/with%20space"),
                row("/100%25", "/100%25"),
                row("/q%3Fx", "/q%3Fx"),
                // Dot-segments resolved.
                row("/a/./b", "/a/b"),
                row("/a/b/../c", "/a/c"),
                row("/admin/.", "/admin/"),
                row("/admin/..", "/"),
                row("/a/%2e/b", "/a/b"),
                row("/a/b/%2e%2e/c", "/a/c"),
                row("/a/b/%2E%2E/c", "/a/c"),
                row("/public/../admin", "/admin"),
                row("/public/%2e%2e/admin", "/admin"),
                row("/a/.%2e/b", "/b"),
                // Dot-segments that climb above the root.
                row("/..", REJECT),
                row("/../admin", REJECT),
                row("/%2e%2e/admin", REJECT),
                row("/a/../../admin", REJECT),
                // Encoded separators.
                row("/admin%2fusers", REJECT),
                row("/admin%2Fusers", REJECT),
                row("/admin%5cusers", REJECT),
                row("/admin\\users", REJECT),
                row("/..\\admin", REJECT),
                // Path parameters (Tomcat/Jetty semantics differ from everyone else's).
                row("/admin;jsessionid=1", REJECT),
                row("/..;/admin", REJECT),
                row("/public/..;/admin", REJECT),
                row("/admin%3bx", REJECT),
                // NUL and control characters.
                row("/admin%00", REJECT),
                row("/admin%00.json", REJECT),
                row("/a%0d%0aSet-Cookie:x", REJECT),
                row("/a%7f", REJECT),
                row("/a\tb", REJECT),
                // Double encoding.
                row("/%252e%252e/admin", REJECT),
                row("/admin%252fusers", REJECT),
                // Invalid percent-encoding and non-UTF-8.
                row("/a%", REJECT),
                row("/a%2", REJECT),
                row("/a%zz", REJECT),
                row("/a%c3", REJECT),
                row("/a%ff%fe", REJECT),
                row("/a%c0%af", REJECT),
                // Trailing dots, which Windows servers strip.
                row("/admin.", REJECT),
                row("/admin./x", REJECT),
                row("/a/...", REJECT),
                // Raw characters that must be encoded.
                row("/a b", REJECT),
                row("/a#frag", REJECT),
                row("/caf\u00e9", REJECT),
                // Not origin-form.
                row("", REJECT),
                row("*", REJECT),
                row("admin", REJECT));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("cases")
    void normalises_or_rejects(String raw, String expected) throws Exception {
        if (expected.equals(REJECT)) {
            assertThatThrownBy(() -> PathNormalizer.normalize(raw)).isInstanceOf(AmbiguousPathException.class);
        } else {
            NormalizedPath path = PathNormalizer.normalize(raw);
            assertThat(path.value()).isEqualTo(expected);
            // Idempotent: the upstream, normalising again, sees the same path.
            assertThat(PathNormalizer.normalize(path.value()).value()).isEqualTo(expected);
        }
    }

    static Stream<Arguments> emptySegments() {
        return Stream.of(
                row("//admin", "/admin"),
                row("/a//b", "/a/b"),
                row("/a///b/", "/a/b/"),
                row("/a/.//b", "/a/b"));
    }

    @ParameterizedTest(name = "{0} merges to {1}")
    @MethodSource("emptySegments")
    void repeated_slashes_are_kept_but_flagged(String raw, String merged) throws Exception {
        NormalizedPath path = PathNormalizer.normalize(raw);
        assertThat(path.hasEmptySegments()).isTrue();
        assertThat(path.merged()).isEqualTo(merged);
    }

    private static Arguments row(String raw, String expected) {
        return Arguments.of(raw, expected);
    }
}
