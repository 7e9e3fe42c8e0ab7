package io.vigil.demo;

import io.vertx.core.Vertx;
import io.vigil.Gateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The running demo: sample upstream, gateway, and the text that tells a user what to try. */
public record Demo(SampleUpstream upstream, Gateway gateway, Path config, int port, int adminPort) {

    public static Demo start(Vertx vertx, Path dir, int port, int adminPort, int upstreamPort) throws Exception {
        Files.createDirectories(dir);
        SampleUpstream upstream = new SampleUpstream(vertx);
        int actualUpstream = upstream.start("127.0.0.1", upstreamPort).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        Path config = dir.resolve("vigil.yaml");
        Path data = dir.resolve("data").toAbsolutePath();
        // The development issuer's URL names the admin port, so it must be known before the config is written.
        if (adminPort == 0) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                adminPort = probe.getLocalPort();
            }
        }
        Files.writeString(dir.resolve("orders-api.yaml"), DemoConfig.SPEC, StandardCharsets.UTF_8);
        Files.writeString(config, DemoConfig.yaml(port, adminPort, actualUpstream, data.toString(), pepper(data),
                dir.resolve("orders-api.yaml").toAbsolutePath().toString()), StandardCharsets.UTF_8);
        Gateway gateway = Gateway.start(config);
        return new Demo(upstream, gateway, config, gateway.port(), gateway.adminPort());
    }

    /**
     * The demo's API key pepper, made once and kept beside its data: the config is rewritten on
     * every start, and a new pepper would invalidate every key created before.
     */
    private static String pepper(Path data) throws java.io.IOException {
        Path file = data.resolve("api-key-pepper");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String pepper = java.util.HexFormat.of().formatHex(random);
        io.vigil.config.SecretFiles.create(file, pepper);
        return pepper;
    }

    /** @param vigil how the user runs the CLI, e.g. {@code java -jar target/vigil.jar} */
    public String instructions(String vigil) {
        String g = "http://127.0.0.1:" + port;
        String a = "http://127.0.0.1:" + adminPort;
        return """

                Vigil demo is running.
                  gateway   %1$s
                  admin     %2$s   (health, metrics, admin API, development token issuer)
                  config    %3$s   (edit it: Vigil reloads it)

                The orders API needs a token or an API key. Mint a token from the demo's development
                issuer, or create a key (stored only as a hash; shown once):
                  TOKEN=$(%5$s token mint --sub alice --scope orders:read,orders:write)
                  READONLY=$(%5$s token mint --sub bob --scope orders:read)
                  KEY=$(%5$s keys create --name reporting --scope orders:read --key-only)

                Works:
                  curl -i %1$s/health                                   # public route
                  curl -i -H "Authorization: Bearer $TOKEN" %1$s/orders/1001
                  curl -i -H "X-API-Key: $KEY" %1$s/orders
                  curl -i -H "Authorization: Bearer $TOKEN" -X POST %1$s/orders \\
                       -H 'content-type: application/json' -d '{"customer":"carol","item":"kettle","amountCents":4500}'

                Refused, each with its reason:
                  curl -i %1$s/orders/1001                              # 401: no token
                  curl -i -H "Authorization: Bearer ${TOKEN}x" %1$s/orders/1001     # 401: invalid_token (signature)
                  curl -i -H "X-API-Key: ${KEY}x" %1$s/orders           # 401: invalid API key
                  curl -i -H "Authorization: Bearer $READONLY" -X POST %1$s/orders \\
                       -H 'content-type: application/json' -d '{}'     # 403: insufficient_scope
                  curl -i %1$s/admin/stats                              # 404: no route, default deny
                  curl -i '%1$s/orders/..;/admin/stats'                  # 400: ambiguous path
                  curl -i -X DELETE -H "Authorization: Bearer $TOKEN" %1$s/orders/1001   # 405
                  %5$s revoke --sub alice --ttl 10m   # alice refused from the next request:
                  curl -i -H "Authorization: Bearer $TOKEN" %1$s/orders/1001        # 401: token_revoked

                Look inside:
                  curl -s %2$s/admin/api/routes                         # the compiled route table
                  curl -s %2$s/metrics | grep vigil_requests
                  tail -f %4$s                                          # one JSON line per decision

                Ctrl-C stops the demo.
                """.formatted(g, a, config.toAbsolutePath(), config.toAbsolutePath().getParent().resolve("data/decisions.jsonl"),
                vigil);
    }
}
