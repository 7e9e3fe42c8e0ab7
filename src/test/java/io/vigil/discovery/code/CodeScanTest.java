package io.vigil.discovery.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Each fixture project's endpoints found exactly: its expected.txt lists "METHOD /template" per line. */
class CodeScanTest {

    static Path fixture(String name) throws Exception {
        return Path.of(CodeScanTest.class.getResource("/discovery/code/" + name).toURI());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java-spring", "java-jaxrs", "express", "fastify", "nestjs", "flask", "fastapi", "django", "go-nethttp",
            "gin", "echo", "chi"})
    void findsExactlyTheDeclaredEndpoints(String project) throws Exception {
        Path root = fixture(project);
        List<String> expected = Files.readAllLines(root.resolve("expected.txt")).stream().filter(l -> !l.isBlank()).toList();
        CodeScan.Result result = CodeScan.scan(List.of(root));
        assertThat(result.endpoints()).extracting(e -> e.method() + " " + e.template()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void endpointsCarryFileLineLanguageAndFramework() throws Exception {
        CodeScan.Result result = CodeScan.scan(List.of(fixture("java-spring")));
        CodeEndpoint get = result.endpoints().stream().filter(e -> e.template().equals("/api/v1/orders/{orderId}")
                && e.method().equals("GET")).findFirst().orElseThrow();
        assertThat(get.file()).endsWith("OrderController.java");
        assertThat(get.line()).isEqualTo(14);
        assertThat(get.language()).isEqualTo("java");
        assertThat(get.framework()).isEqualTo("spring");
        CodeEndpoint chi = CodeScan.scan(List.of(fixture("chi"))).endpoints().stream()
                .filter(e -> e.template().equals("/admin/accounts")).findFirst().orElseThrow();
        assertThat(chi.line()).isEqualTo(28);
        assertThat(chi.framework()).isEqualTo("chi");
    }

    @Test
    void anUnparseableFileIsReportedAndSkipped() throws Exception {
        CodeScan.Result result = CodeScan.scan(List.of(fixture("java-jaxrs")));
        assertThat(result.skipped()).singleElement().satisfies(s -> assertThat(s).contains("Broken.java: does not parse"));
        assertThat(result.endpoints()).hasSize(4);
    }

    @Test
    void pathSyntaxesOfEveryFrameworkBecomeOneForm() {
        assertThat(Templates.normalize("/users/:id")).isEqualTo("/users/{id}");
        assertThat(Templates.normalize("/users/:id(\\d+)")).isEqualTo("/users/{id}");
        assertThat(Templates.normalize("users/<int:pk>/")).isEqualTo("/users/{pk}");
        assertThat(Templates.normalize("^legacy/(?P<year>[0-9]{4})/$")).isEqualTo("/legacy/{year}");
        assertThat(Templates.normalize("/orders/{orderId:[0-9]+}")).isEqualTo("/orders/{orderId}");
        assertThat(Templates.normalize("/pay/{paymentId: [A-Z]{3}-\\d+}/refund")).isEqualTo("/pay/{paymentId}/refund");
        assertThat(Templates.normalize("/files/<path:name>")).isEqualTo("/files/{name*}");
        assertThat(Templates.normalize("/exports/{file_path:path}")).isEqualTo("/exports/{file_path*}");
        assertThat(Templates.normalize("api/v1/^posts/(?P<pk>[0-9]+)/$")).isEqualTo("/api/v1/posts/{pk}");
        assertThat(Templates.normalize("^drafts/(?P<rest>.*)$")).isEqualTo("/drafts/{rest*}");
        assertThat(Templates.normalize("^a/(?P<code>(?:x|y){2})/$")).isEqualTo("/a/{code}");
        assertThat(Templates.normalize("/{$}")).isEqualTo("/");
        assertThat(Templates.normalize("/static/{path...}")).isEqualTo("/static/{path*}");
        assertThat(Templates.normalize("/files/{path...}")).isEqualTo("/files/{path*}");
        assertThat(Templates.normalize("/proxy/*path")).isEqualTo("/proxy/{path*}");
        assertThat(Templates.normalize("/static/*")).isEqualTo("/static/{rest*}");
    }
}
