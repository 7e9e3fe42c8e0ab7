package io.vigil.testing;

import io.vigil.Gateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real gateway on 127.0.0.1 with ephemeral ports, started from YAML like a user would. */
public final class GatewayFixture implements AutoCloseable {

    public final Path dir;
    public final Path config;
    public final Gateway gateway;

    private GatewayFixture(Path dir, Path config, Gateway gateway) {
        this.dir = dir;
        this.config = config;
        this.gateway = gateway;
    }

    /**
     * @param body the YAML after the server/admin/store/decisionLog sections (upstreams and
     *     routes); {@code server:} extras can be passed in {@code serverExtra}
     */
    public static GatewayFixture start(String serverExtra, String body) throws Exception {
        return start(serverExtra, "", body);
    }

    /** @param adminExtra further {@code admin:} fields, such as the token */
    public static GatewayFixture start(String serverExtra, String adminExtra, String body) throws Exception {
        Path dir = Files.createTempDirectory("vigil-test");
        Path config = dir.resolve("vigil.yaml");
        Files.writeString(config, yaml(dir, serverExtra, adminExtra, body), StandardCharsets.UTF_8);
        return new GatewayFixture(dir, config, Gateway.start(config));
    }

    /** With the admin listener on a given port (for configs that must name it, like a development issuer). */
    public static GatewayFixture start(String serverExtra, String adminExtra, String body, int adminPort) throws Exception {
        Path dir = Files.createTempDirectory("vigil-test");
        Path config = dir.resolve("vigil.yaml");
        String yaml = yaml(dir, serverExtra, adminExtra, body).replace("admin:\n  listen: 127.0.0.1:0\n",
                "admin:\n  listen: 127.0.0.1:" + adminPort + "\n");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        return new GatewayFixture(dir, config, Gateway.start(config));
    }

    /** For tests that start the gateway themselves (say, with extra stages). */
    public static GatewayFixture wrap(Path dir, Path config, Gateway gateway) {
        return new GatewayFixture(dir, config, gateway);
    }

    /** A gateway on the given store instead of a fresh SQLite file. */
    public static GatewayFixture startWithStore(io.vigil.config.StoreConfig store, String body) throws Exception {
        Path dir = Files.createTempDirectory("vigil-test");
        Path config = dir.resolve("vigil.yaml");
        String storeYaml = "store:\n  url: \"" + store.url() + "\"\n"
                + (store.username() == null ? "" : "  username: " + store.username() + "\n");
        String yaml = yaml(dir, "", "", body).replaceFirst("store:\n  url: [^\n]*\n", java.util.regex.Matcher.quoteReplacement(storeYaml));
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        return new GatewayFixture(dir, config, Gateway.start(config));
    }

    public static String yaml(Path dir, String serverExtra, String adminExtra, String body) {
        return "server:\n  listen: 127.0.0.1:0\n" + indent(serverExtra)
                + "admin:\n  listen: 127.0.0.1:0\n" + indent(adminExtra)
                + "store:\n  url: jdbc:sqlite:" + dir.resolve("vigil.db") + "\n"
                + "decisionLog:\n  file: " + dir.resolve("decisions.jsonl") + "\n"
                + body;
    }

    private static String indent(String extra) {
        if (extra == null || extra.isBlank()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String line : extra.split("\n")) {
            out.append("  ").append(line).append('\n');
        }
        return out.toString();
    }

    public int port() {
        return gateway.port();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public String adminUrl(String path) {
        return "http://127.0.0.1:" + gateway.adminPort() + path;
    }

    /** Every exchange, whatever way it ended, gave back what it took from the upstream pools. */
    public void assertNothingOutstanding() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                gateway.runtime().upstreams().values().forEach(pool -> pool.targets().forEach(target ->
                        org.assertj.core.api.Assertions.assertThat(target.outstanding()).as(target.url()).isZero())));
    }

    public Path decisions() {
        return dir.resolve("decisions.jsonl");
    }

    @Override
    public void close() {
        gateway.close();
    }
}
