package io.vigil.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vigil.Gateway;
import io.vigil.auth.dev.DevIssuer;
import io.vigil.config.AdminConfig;
import io.vigil.config.ConfigException;
import io.vigil.config.Runtime;
import io.vigil.proxy.UpstreamPool;
import io.vigil.proxy.UpstreamTarget;
import io.vigil.route.Route;
import io.vigil.server.Listen;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The admin listener, separate from the data port: health, readiness, Prometheus metrics, and
 * the admin API under {@code /admin/api}, which needs the admin bearer token whenever one is
 * configured (it must be, off loopback).
 */
public final class AdminServer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final AdminConfig config;
    private final Gateway gateway;
    private final byte[] tokenDigest;
    private final DevIssuerEndpoints devIssuer;
    private final RevocationEndpoints revocations;
    private final ApiKeyEndpoints apiKeys;
    private final RiskEndpoints risk;
    private final InventoryEndpoints inventory;
    private final DecisionEndpoints decisions;
    private HttpServer server;

    /** @param devIssuer the development issuer to serve, or null (the usual case) */
    public AdminServer(Vertx vertx, AdminConfig config, Gateway gateway, DevIssuer devIssuer) {
        this.vertx = vertx;
        this.config = config;
        this.gateway = gateway;
        this.devIssuer = devIssuer == null ? null : new DevIssuerEndpoints(devIssuer);
        this.revocations = new RevocationEndpoints(vertx, gateway.revocations());
        this.apiKeys = new ApiKeyEndpoints(vertx, gateway);
        this.risk = new RiskEndpoints(vertx, gateway.baselines(), gateway.revocations());
        this.inventory = new InventoryEndpoints(vertx, gateway);
        this.decisions = new DecisionEndpoints(vertx, gateway);
        this.tokenDigest = config.token() == null || config.token().isBlank() ? null : sha256(config.token());
    }

    public Future<Integer> start() {
        HttpServerOptions options = new HttpServerOptions().setIdleTimeout(60);
        if (config.tls() != null) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(config.tls().cert()).setKeyPath(config.tls().key()));
            if (config.mutualTls()) {
                // The TLS handshake refuses anyone without a certificate from this CA.
                options.setClientAuth(ClientAuth.REQUIRED)
                        .setTrustOptions(new PemTrustOptions().addCertPath(config.tls().clientCa()));
            }
        }
        server = vertx.createHttpServer(options);
        return server.requestHandler(this::handle).listen(Listen.parse(config.listen())).map(HttpServer::actualPort);
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        HttpServerResponse response = request.response();
        if (!path.equals("/healthz") && !path.equals("/readyz") && !fromOperator(request)) {
            response.putHeader("cache-control", "no-store");
            problem(response, 403, "cross_origin_refused",
                    "The admin API answers only same-origin requests, and without a token only to loopback names.");
            return;
        }
        if (devIssuer != null && request.method() == HttpMethod.GET && devIssuer.servePublic(request)) {
            return;
        }
        response.putHeader("cache-control", "no-store");
        if (revocations.handles(path)) {
            if (authorized(request)) {
                revocations.handle(request);
            }
            return;
        }
        if (apiKeys.handles(path)) {
            if (authorized(request)) {
                apiKeys.handle(request);
            }
            return;
        }
        if (risk.handles(path)) {
            if (authorized(request)) {
                risk.handle(request);
            }
            return;
        }
        if (inventory.handles(path)) {
            if (authorized(request)) {
                inventory.handle(request);
            }
            return;
        }
        switch (path) {
            case "/healthz" -> text(response, 200, "ok\n");
            case "/readyz" -> ready(response);
            case "/metrics" -> {
                if (authorized(request)) {
                    response.putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8");
                    vertx.executeBlocking(() -> gateway.metrics().scrape(), false)
                            .onSuccess(response::end)
                            .onFailure(e -> problem(response, 500, "metrics_failed", "Could not render metrics."));
                }
            }
            case "/admin/api/routes" -> {
                if (authorized(request) && method(request, HttpMethod.GET)) {
                    json(response, 200, routes(gateway.runtime()));
                }
            }
            case "/admin/api/alerts" -> {
                if (authorized(request) && method(request, HttpMethod.GET)) {
                    com.fasterxml.jackson.databind.node.ArrayNode alerts = JSON.createArrayNode();
                    gateway.alerts().recent().forEach(a -> alerts.add(io.vigil.alert.AlertJson.of(a)));
                    json(response, 200, JSON.createObjectNode().set("alerts", alerts));
                }
            }
            case DecisionEndpoints.PATH -> {
                if (authorized(request) && method(request, HttpMethod.GET)) {
                    decisions.handle(request);
                }
            }
            case "/admin/api/config/reload" -> {
                if (authorized(request) && method(request, HttpMethod.POST)) {
                    reload(response);
                }
            }
            case DevIssuerEndpoints.MINT_PATH -> {
                if (devIssuer == null) {
                    problem(response, 404, "no_route", "The development issuer is not enabled (devIssuer in the config).");
                } else if (authorized(request) && method(request, HttpMethod.POST)) {
                    devIssuer.mint(request);
                }
            }
            default -> problem(response, 404, "no_route", "No admin endpoint at this path.");
        }
    }

    private void ready(HttpServerResponse response) {
        vertx.executeBlocking(() -> gateway.store().healthy(), false).onComplete(ar -> {
            if (ar.succeeded() && ar.result()) {
                text(response, 200, "ready\n");
            } else {
                text(response, 503, "store unavailable\n");
            }
        });
    }

    private void reload(HttpServerResponse response) {
        vertx.executeBlocking(() -> {
            try {
                Runtime next = gateway.reload();
                ObjectNode body = JSON.createObjectNode().put("status", "reloaded")
                        .put("routes", next.routes().routes().size());
                return body;
            } catch (ConfigException e) {
                ObjectNode body = JSON.createObjectNode()
                        .put("type", "https://vigil.dev/problems/config-invalid")
                        .put("title", "Configuration rejected")
                        .put("status", 422)
                        .put("detail", "The new configuration is invalid; the running one is kept.")
                        .put("reason", "config_invalid");
                ArrayNode errors = body.putArray("errors");
                e.errors().forEach(error -> errors.add(error.toString()));
                return body;
            }
        }, true).onComplete(ar -> {
            if (ar.failed()) {
                problem(response, 500, "reload_failed", "Reload failed.");
                return;
            }
            ObjectNode body = ar.result();
            if (body.has("errors")) {
                response.setStatusCode(422).putHeader("content-type", "application/problem+json").end(body.toString());
            } else {
                json(response, 200, body);
            }
        });
    }

    static ArrayNode routes(Runtime runtime) {
        ArrayNode out = JSON.createArrayNode();
        for (Route route : runtime.routes().routes()) {
            ObjectNode r = out.addObject();
            r.put("id", route.id());
            r.put("host", route.host().toString());
            ArrayNode methods = r.putArray("methods");
            route.methods().stream().sorted().forEach(methods::add);
            r.put("path", route.path().source());
            ArrayNode auth = r.putArray("auth");
            route.authenticators().forEach(a -> auth.add(a.id()));
            r.put("public", route.isPublic());
            r.put("maxBodyBytes", route.maxBodyBytes());
            r.put("websocket", route.websocket());
            UpstreamPool pool = route.upstream();
            ObjectNode upstream = r.putObject("upstream");
            upstream.put("name", pool.name());
            upstream.put("circuit", pool.circuitState());
            ArrayNode targets = upstream.putArray("targets");
            for (UpstreamTarget t : pool.targets()) {
                targets.addObject().put("url", t.url()).put("healthy", t.healthy())
                        .put("ejected", t.ejected(System.nanoTime())).put("outstanding", t.outstanding());
            }
        }
        return out;
    }

    /** Constant-time comparison of digests, so timing reveals nothing about the token. */
    private boolean authorized(HttpServerRequest request) {
        if (tokenDigest == null) {
            // No token: loopback only, or every caller passed the mTLS handshake.
            return true;
        }
        String header = request.getHeader("authorization");
        boolean ok = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(tokenDigest, sha256(header.substring(7).trim()));
        if (!ok) {
            request.response().putHeader("www-authenticate", "Bearer realm=\"vigil-admin\"");
            problem(request.response(), 401, "credentials_missing", "The admin API needs the admin bearer token.");
        }
        return ok;
    }

    /**
     * Browsers reach loopback listeners too: a page may POST here cross-site, or rebind its own
     * name to 127.0.0.1 and read the answers. So a request carrying an {@code Origin} must come
     * from this listener's own origin, and without an admin token (loopback only) the Host must
     * be a loopback name, which a rebinding attacker's page cannot send.
     */
    private boolean fromOperator(HttpServerRequest request) {
        // Host for HTTP/1.x, :authority for HTTP/2.
        io.vertx.core.net.HostAndPort authority = request.authority();
        String host = authority == null ? null
                : authority.port() >= 0 ? authority.host() + ":" + authority.port() : authority.host();
        String origin = request.getHeader("origin");
        if (origin != null && (host == null || !(origin.equalsIgnoreCase("http://" + host)
                || origin.equalsIgnoreCase("https://" + host)))) {
            return false;
        }
        if (tokenDigest != null || config.mutualTls()) {
            return true;
        }
        if (host == null) {
            return false;
        }
        String name = authority.host();
        return name.equalsIgnoreCase("localhost") || name.matches("127(\\.\\d{1,3}){3}") || name.equals("[::1]") || name.equals("::1");
    }

    private static boolean method(HttpServerRequest request, HttpMethod expected) {
        if (request.method() == expected) {
            return true;
        }
        request.response().putHeader("allow", expected.name());
        problem(request.response(), 405, "method_not_allowed", "Use " + expected.name() + ".");
        return false;
    }

    private static void text(HttpServerResponse response, int status, String body) {
        response.setStatusCode(status).putHeader("content-type", "text/plain; charset=utf-8").end(body);
    }

    private static void json(HttpServerResponse response, int status, Object body) {
        response.setStatusCode(status).putHeader("content-type", "application/json").end(body.toString());
    }

    static void problem(HttpServerResponse response, int status, String reason, String detail) {
        ObjectNode body = JSON.createObjectNode()
                .put("type", "https://vigil.dev/problems/" + reason.replace('_', '-'))
                .put("title", detail)
                .put("status", status)
                .put("reason", reason);
        response.setStatusCode(status).putHeader("content-type", "application/problem+json").end(body.toString());
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
