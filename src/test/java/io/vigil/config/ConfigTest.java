package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

    @TempDir
    Path dir;

    static final String VALID = """
            server:
              listen: 127.0.0.1:8080
            upstreams:
              orders:
                targets: [ "http://127.0.0.1:9000" ]
            routes:
              - id: order
                methods: [ GET ]
                path: /orders/{id}
                upstream: orders
                auth: [ none ]
            """;

    Runtime load(String yaml, Map<String, String> env) throws Exception {
        Path file = dir.resolve("vigil.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, null, env::get);
    }

    List<String> errors(String yaml) {
        try {
            load(yaml, Map.of());
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the config to be rejected");
    }

    @Test
    void a_network_list_may_come_from_a_file() throws Exception {
        Path tor = dir.resolve("tor-exits.txt");
        Files.writeString(tor, "# Tor exit addresses\n185.220.101.1\n\n185.220.101.0/24  # a whole block\n2001:db8::9\n");
        String yaml = VALID + "networks:\n  tor: [ \"file:" + tor + "\", 192.0.2.1 ]\n";
        assertThat(load(yaml, Map.of()).routes().routes()).hasSize(1);
        Files.writeString(tor, "185.220.101.1 185.220.101.2\n");
        assertThat(errors(yaml)).anySatisfy(e -> assertThat(e).contains("networks.tor", "line 1", "one address or CIDR block per line"));
        assertThat(errors(VALID + "networks:\n  tor: [ \"file:" + dir.resolve("missing.txt") + "\" ]\n"))
                .anySatisfy(e -> assertThat(e).contains("networks.tor", "cannot read", "missing.txt"));
    }

    @Test
    void a_valid_config_compiles_with_defaults() throws Exception {
        Runtime runtime = load(VALID, Map.of());
        VigilConfig config = runtime.config();
        assertThat(config.admin().listen()).isEqualTo("127.0.0.1:9090");
        assertThat(config.server().limits().maxBodySize().bytes()).isEqualTo(10L << 20);
        assertThat(config.server().limits().headerReadTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.upstreams().get("orders").balancer()).isEqualTo(UpstreamConfig.Balancer.ROUND_ROBIN);
        assertThat(config.upstreams().get("orders").healthCheck()).isNull();
        assertThat(config.server().tls()).isNull();
        assertThat(runtime.routes().routes()).hasSize(1);
    }

    @Test
    void every_error_is_reported_with_file_line_and_field() {
        List<String> errors = errors("""
                server:
                  listen: 127.0.0.1:8080
                  lisen: typo
                  limits:
                    maxBodySize: lots
                upstreams:
                  orders:
                    targets: [ "http://127.0.0.1:9000" ]
                    balancer: random
                    retries: many
                routes:
                  - id: order
                    path: /orders/{id}
                    upstream: ordrs
                    auth: [ none ]
                  - id: nothing
                    path: /x
                    upstream: orders
                """);
        String file = dir.resolve("vigil.yaml").toString();
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith(file + ":3:3: server.lisen: unknown field"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith(file + ":5:18: server.limits.maxBodySize: 'lots' is not a size"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith(file + ":9:15: upstreams.orders.balancer: 'random' is not one of: roundRobin, leastOutstanding"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith(file + ":10:14: upstreams.orders.retries: 'many' is not a whole number"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("routes[1].auth: is required"));
        assertThat(errors).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void dangling_references_name_the_line() {
        List<String> errors = errors(VALID.replace("upstream: orders", "upstream: ordrs"));
        assertThat(errors).singleElement().satisfies(e -> assertThat(e)
                .endsWith(":10:15: routes[0].upstream: unknown upstream 'ordrs' (defined: orders)"));
    }

    @Test
    void route_rules() {
        assertThat(errors(VALID.replace("auth: [ none ]", "auth: [ ]")))
                .anySatisfy(e -> assertThat(e).contains("routes[0].auth: must name at least one method"));
        assertThat(errors(VALID.replace("auth: [ none ]", "auth: [ none, jwt:corp ]")))
                .anySatisfy(e -> assertThat(e).contains("'none' cannot be combined"))
                .anySatisfy(e -> assertThat(e).contains("unknown authentication method 'jwt:corp'"));
        assertThat(errors(VALID.replace("/orders/{id}", "/orders/{id")))
                .anySatisfy(e -> assertThat(e).contains("routes[0].path"));
        assertThat(errors(VALID + """
                  - id: order2
                    methods: [ GET, POST ]
                    path: /orders/{orderId}
                    upstream: orders
                    auth: [ none ]
                """)).anySatisfy(e -> assertThat(e).contains("routes 'order' and 'order2' match the same requests"));
        assertThat(errors(VALID + """
                  - id: order
                    path: /other
                    upstream: orders
                    auth: [ none ]
                """)).anySatisfy(e -> assertThat(e).contains("route id 'order' is used twice"));
    }

    @Test
    void environment_variables_are_substituted() throws Exception {
        String yaml = VALID.replace("listen: 127.0.0.1:8080", "listen: ${HOST:-127.0.0.1}:${PORT}")
                + "admin:\n  listen: 0.0.0.0:9090\n  token: ${ADMIN_TOKEN}\n";
        Runtime runtime = load(yaml, Map.of("PORT", "8181", "ADMIN_TOKEN", "0123456789abcdef0123"));
        assertThat(runtime.config().server().listen()).isEqualTo("127.0.0.1:8181");
        assertThat(runtime.config().admin().token()).isEqualTo("0123456789abcdef0123");
        assertThatThrownBy(() -> load(yaml, Map.of("PORT", "8181")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin.token: environment variable ADMIN_TOKEN is not set");
    }

    @Test
    void the_admin_listener_off_loopback_needs_a_token() {
        assertThat(errors(VALID + "admin:\n  listen: 0.0.0.0:9090\n"))
                .anySatisfy(e -> assertThat(e).contains("admin.token: is required when admin.listen is not a loopback address"));
        assertThat(errors(VALID + "admin:\n  listen: 127.0.0.1:8080\n"))
                .anySatisfy(e -> assertThat(e).contains("admin.listen: must differ from server.listen"));
    }

    @Test
    void yaml_syntax_errors_are_located() {
        assertThat(errors("server:\n  listen: [unclosed\n")).singleElement()
                .satisfies(e -> assertThat(e).contains("YAML syntax error"));
    }

    @Test
    void duplicate_keys_are_errors() {
        assertThat(errors(VALID + "server:\n  listen: 127.0.0.1:1\n"))
                .anySatisfy(e -> assertThat(e).contains("server: appears twice"));
    }

    @Test
    void an_unchanged_upstream_pool_is_reused_on_reload() throws Exception {
        Runtime first = load(VALID, Map.of());
        Path file = dir.resolve("vigil.yaml");
        Files.writeString(file, VALID.replace("/orders/{id}", "/orders/{orderId}"));
        Runtime second = ConfigLoader.load(file, first, Map.<String, String>of()::get);
        assertThat(second.upstreams().get("orders")).isSameAs(first.upstreams().get("orders"));
        Files.writeString(file, VALID.replace("9000", "9001"));
        Runtime third = ConfigLoader.load(file, second, Map.<String, String>of()::get);
        assertThat(third.upstreams().get("orders")).isNotSameAs(second.upstreams().get("orders"));
    }
}
