package io.vigil.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.auth.revocation.Revocation;
import io.vigil.auth.revocation.Revocations;
import io.vigil.risk.Baseline;
import io.vigil.risk.Baselines;
import io.vigil.risk.Sessions;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the risk stage knows about callers.
 *
 * <pre>
 * GET    /admin/api/risk/{principal}[?issuer=…]   a subject's baseline and recent scores ({@code key:<id>} for an API key)
 * GET    /admin/api/sessions                      recently active sessions, newest first
 * DELETE /admin/api/sessions/{sid}                end a session: its sid is revoked (every issuer that used it)
 * </pre>
 */
final class RiskEndpoints {

    static final String RISK = "/admin/api/risk/";
    static final String SESSIONS = "/admin/api/sessions";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final Baselines baselines;
    private final Revocations revocations;

    RiskEndpoints(Vertx vertx, Baselines baselines, Revocations revocations) {
        this.vertx = vertx;
        this.baselines = baselines;
        this.revocations = revocations;
    }

    boolean handles(String path) {
        return path.startsWith(RISK) || path.equals(SESSIONS) || path.startsWith(SESSIONS + "/");
    }

    void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.startsWith(RISK) && request.method() == HttpMethod.GET) {
            risk(request, URLDecoder.decode(path.substring(RISK.length()), StandardCharsets.UTF_8));
        } else if (path.equals(SESSIONS) && request.method() == HttpMethod.GET) {
            ArrayNode out = JSON.createArrayNode();
            for (Sessions.Session s : baselines.sessions().recent(1_000)) {
                out.add(session(s));
            }
            ok(request, JSON.createObjectNode().set("sessions", out));
        } else if (path.startsWith(SESSIONS + "/") && path.length() > SESSIONS.length() + 1
                && request.method() == HttpMethod.DELETE) {
            end(request, URLDecoder.decode(path.substring(SESSIONS.length() + 1), StandardCharsets.UTF_8));
        } else {
            request.response().putHeader("allow", path.startsWith(SESSIONS + "/") ? "DELETE" : "GET");
            AdminServer.problem(request.response(), 405, "method_not_allowed",
                    "Use GET on " + RISK + "{principal} and " + SESSIONS + ", DELETE on " + SESSIONS + "/{sid}.");
        }
    }

    private void risk(HttpServerRequest request, String principal) {
        Map<String, Baseline> found = baselines.find(principal, request.getParam("issuer"));
        if (found.isEmpty()) {
            AdminServer.problem(request.response(), 404, "not_found", "No baseline for this principal on this node.");
            return;
        }
        ArrayNode out = JSON.createArrayNode();
        found.forEach((identity, b) -> {
            ObjectNode node = out.addObject();
            node.put("identity", identity).put("requests", b.requests()).put("activeMinutes", b.activeMinutes())
                    .put("meanPerMinute", Math.round(b.meanPerMinute() * 100) / 100.0)
                    .put("stdPerMinute", Math.round(b.stdPerMinute() * 100) / 100.0).put("networks", b.networks());
            b.routes().forEach(node.putArray("routes")::add);
            ArrayNode scores = node.putArray("recentScores");
            for (long[] score : b.recentScores()) {
                scores.addObject().put("time", Instant.ofEpochMilli(score[0]).toString()).put("score", score[1]);
            }
        });
        ok(request, JSON.createObjectNode().set("baselines", out));
    }

    private void end(HttpServerRequest request, String sid) {
        List<Sessions.Session> sessions = baselines.sessions().withId(sid);
        AdminRequests.blocking(vertx, request, () -> {
            // Revoked for every issuer when none used it here: the operator named the session, not its issuer.
            if (sessions.isEmpty()) {
                revocations.add(Revocation.Kind.SID, sid, null, null, 0, "ended by an operator");
            }
            for (Sessions.Session s : sessions) {
                revocations.add(Revocation.Kind.SID, sid, s.issuer, null, 0, "ended by an operator");
            }
            return sessions.size();
        }, count -> {
            sessions.forEach(baselines.sessions()::forget);
            request.response().setStatusCode(204).end();
        });
    }

    private static ObjectNode session(Sessions.Session s) {
        ObjectNode node = JSON.createObjectNode();
        node.put("sid", s.id).put("subject", s.subject);
        if (s.issuer != null) {
            node.put("issuer", s.issuer);
        }
        node.put("firstSeen", Instant.ofEpochMilli(s.firstSeen).toString())
                .put("lastSeen", Instant.ofEpochMilli(s.lastSeen()).toString()).put("requests", s.requests())
                .put("lastScore", s.lastScore()).put("lastClient", s.lastClient());
        return node;
    }

    private static void ok(HttpServerRequest request, ObjectNode body) {
        request.response().setStatusCode(200).putHeader("content-type", "application/json").end(body.toString());
    }
}
