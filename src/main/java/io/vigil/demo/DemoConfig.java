package io.vigil.demo;

/** The demo's vigil.yaml, written to disk so users can read and change it. */
final class DemoConfig {

    private DemoConfig() {
    }

    static String yaml(int gatewayPort, int adminPort, int upstreamPort, String dataDir) {
        return """
                # Vigil demo configuration. Edit it while the demo runs: Vigil reloads it, and keeps
                # the running config if the new one is invalid (run `vigil check -c` on it to see why).
                server:
                  listen: 127.0.0.1:%1$d
                admin:
                  listen: 127.0.0.1:%2$d
                store:
                  url: jdbc:sqlite:%4$s/vigil.db
                decisionLog:
                  file: %4$s/decisions.jsonl

                upstreams:
                  orders:
                    targets: [ "http://127.0.0.1:%3$d" ]
                    healthCheck:
                      path: /health
                      interval: 5s

                # Default deny: a request that matches no route gets 404. /admin/stats exists on the
                # upstream but has no route here, so nobody reaches it through the gateway.
                routes:
                  - id: health
                    methods: [ GET ]
                    path: /health
                    upstream: orders
                    auth: [ none ]          # public, and it says so

                  - id: orders-list
                    methods: [ GET, POST ]
                    path: /orders
                    upstream: orders
                    auth: [ none ]
                    maxBodySize: 16KiB

                  - id: order
                    methods: [ GET ]
                    path: /orders/{id}
                    upstream: orders
                    auth: [ none ]
                """.formatted(gatewayPort, adminPort, upstreamPort, dataDir);
    }
}
