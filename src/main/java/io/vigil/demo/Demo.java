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
        Files.writeString(config, DemoConfig.yaml(port, adminPort, actualUpstream, data.toString()),
                StandardCharsets.UTF_8);
        Gateway gateway = Gateway.start(config);
        return new Demo(upstream, gateway, config, gateway.port(), gateway.adminPort());
    }

    public String instructions() {
        String g = "http://127.0.0.1:" + port;
        String a = "http://127.0.0.1:" + adminPort;
        return """

                Vigil demo is running.
                  gateway   %1$s
                  admin     %2$s   (health, metrics, admin API)
                  config    %3$s   (edit it: Vigil reloads it)

                Try:
                  curl -i %1$s/health                      # public route, proxied
                  curl -i %1$s/orders/1001                 # templated route /orders/{id}
                  curl -i -X POST %1$s/orders -H 'content-type: application/json' \\
                       -d '{"customer":"carol","item":"kettle","amountCents":4500}'
                  curl -i %1$s/admin/stats                 # 404: no route, default deny
                  curl -i '%1$s/orders/..;/admin/stats'     # 400: ambiguous path, rejected
                  curl -i -X DELETE %1$s/orders/1001       # 405: method not on the route
                  curl -s %2$s/admin/api/routes            # the compiled route table
                  curl -s %2$s/metrics | grep vigil_requests
                  tail -f %4$s                             # the decision log, one JSON line per request

                Ctrl-C stops the demo.
                """.formatted(g, a, config.toAbsolutePath(), config.toAbsolutePath().getParent().resolve("data/decisions.jsonl"));
    }
}
