package io.vigil.bench.risk;

import java.nio.file.Path;

/**
 * The gateway config under simulation: what a team would deploy in front of this API, risk in
 * dry-run for the first week and enforced from the second. Default
 * risk thresholds are tightened (step up above 40, refuse above 70, end the session above 90);
 * the object-by-id route refuses above 45 and the admin route above 20; ten failed
 * authentications per address in ten minutes block the address.
 */
final class SimConfig {

    private SimConfig() {
    }

    /**
     * @param riskMode {@code dryRun} for the learning week (the rollout Vigil recommends: scores are
     *     recorded, nothing refused, baselines learn), {@code enforce} for the test week
     */
    static String yaml(Path dir, int upstreamPort, String riskMode) {
        return """
                server:
                  listen: 127.0.0.1:0
                  trustedProxies: [ 127.0.0.1/32 ]
                admin:
                  listen: 127.0.0.1:0
                store:
                  url: jdbc:sqlite:%1$s/vigil.db
                decisionLog:
                  file: %1$s/decisions.jsonl
                timeZone: UTC
                networks:
                  corp: [ 10.20.0.0/16 ]
                  cloud: [ 10.30.0.0/16 ]
                  tor-exits: [ 192.0.2.0/24 ]
                apiKeys:
                  pepper: "simulation-pepper-0123456789abcdef"
                  environment: sim
                limits:
                  failedAuth: { limit: 10, period: 10m }
                risk:
                  mode: %3$s
                  stepUpAbove: 40
                  denyAbove: 70
                  terminateAbove: 90
                  knownBadNetworks: [ tor-exits ]
                  businessHours: { days: [ mon, tue, wed, thu, fri ], from: "07:00", to: "19:00" }
                  geoCsv: %1$s/geo.csv
                identityProviders:
                  corp:
                    issuer: https://idp.sim.example
                    jwksFile: %1$s/jwks.json
                    algorithms: [ ES256 ]
                    audiences: [ orders-api ]
                upstreams:
                  api:
                    targets: [ "http://127.0.0.1:%2$d" ]
                routes:
                  - { id: orders-list, methods: [ GET ], path: /orders, upstream: api, auth: [ jwt:corp, apikey ], scopes: [ orders:read ] }
                  - { id: orders-create, methods: [ POST ], path: /orders, upstream: api, auth: [ jwt:corp ], scopes: [ orders:write ] }
                  - id: order
                    methods: [ GET ]
                    path: "/orders/{id}"
                    upstream: api
                    auth: [ jwt:corp, apikey ]
                    scopes: [ orders:read ]
                    risk: { denyAbove: 45 }    # an object-by-id route: walking ids (BOLA) is refused
                  - { id: profile, methods: [ GET ], path: /profile, upstream: api, auth: [ jwt:corp ], scopes: [ profile:read ] }
                  - { id: reports, methods: [ GET ], path: "/reports/{name}", upstream: api, auth: [ jwt:corp, apikey ], scopes: [ reports:read ] }
                  - id: admin-users
                    methods: [ GET ]
                    path: /admin/users
                    upstream: api
                    auth: [ jwt:corp ]
                    roles: [ admin ]
                    risk: { denyAbove: 20 }
                """.formatted(dir, upstreamPort, riskMode);
    }
}
