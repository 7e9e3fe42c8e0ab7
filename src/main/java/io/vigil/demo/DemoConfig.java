package io.vigil.demo;

/** The demo's vigil.yaml, written to disk so users can read and change it. */
final class DemoConfig {

    private DemoConfig() {
    }

    /**
     * The orders API as its team documented it: the demo's inventory judges traffic against it
     * ({@code GET /admin/api/inventory}), and its routes log what it does not declare.
     */
    static final String SPEC = """
            openapi: 3.0.3
            info: { title: Orders API, version: "1.4", x-owner: team-orders }
            security: [ { bearer: [] } ]
            paths:
              /orders:
                get: { responses: { "200": { description: the caller's orders } } }
                post: { responses: { "201": { description: created }, "400": { description: invalid } } }
              /orders/{orderId}:
                get: { responses: { "200": { description: an order }, "404": { description: no such order } } }
              /orders/{orderId}/invoice:
                get: { deprecated: true, responses: { "200": { description: the invoice (use /invoices) } } }
            components:
              securitySchemes: { bearer: { type: http, scheme: bearer } }
            """;

    static String yaml(int gatewayPort, int adminPort, int upstreamPort, String dataDir, String pepper, String spec) {
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

                # Every request gets a 0-100 risk score with its reasons (see "risk" in decisions.jsonl),
                # from how the caller logged in, its device, network, time, and its own usual behaviour.
                risk:
                  stepUpAbove: 60
                  denyAbove: 85

                # A development token issuer on the admin listener (demo only: `vigil check` warns
                # about it). Mint a token with: vigil token mint --sub alice --scope orders:read
                devIssuer:
                  issuer: http://127.0.0.1:%2$d/dev-issuer
                  keyFile: %4$s/dev-issuer.jwk
                  audience: orders-api

                # API keys are stored only as HMAC-SHA-256 under this pepper. In production it comes
                # from the environment: pepper: ${VIGIL_API_KEY_PEPPER}
                apiKeys:
                  pepper: "%5$s"
                  environment: demo

                # The gateway verifies its tokens like any identity provider's: OIDC discovery, then
                # the JWKS, ES256 signatures, issuer, audience, expiry.
                identityProviders:
                  demo:
                    issuer: http://127.0.0.1:%2$d/dev-issuer
                    audiences: [ orders-api ]

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
                    methods: [ GET ]
                    path: /orders
                    upstream: orders
                    auth: [ jwt:demo, apikey ]
                    scopes: [ orders:read ]
                    spec: %6$s              # the API as documented: the inventory judges traffic against it
                    undocumented: log       # deny refuses what the spec does not declare; log only records it

                  - id: orders-create
                    methods: [ POST ]
                    path: /orders
                    upstream: orders
                    auth: [ jwt:demo, apikey ]
                    scopes: [ orders:write ]
                    spec: %6$s
                    undocumented: log
                    maxBodySize: 16KiB
                    rateLimits:             # 5 new orders a minute per caller; RateLimit headers on every answer
                      - { name: create, key: principal, limit: 5, period: 1m }

                  - id: order
                    methods: [ GET ]
                    path: /orders/{id}
                    upstream: orders
                    auth: [ jwt:demo, apikey ]
                    scopes: [ orders:read ]
                    risk: { denyAbove: 45 }  # walking through ids (BOLA scraping) is refused here
                    spec: %6$s
                    undocumented: log
                """.formatted(gatewayPort, adminPort, upstreamPort, dataDir, pepper, spec);
    }
}
