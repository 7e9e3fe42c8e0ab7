package io.vigil.discovery;

import io.vigil.audit.DecisionRecord;
import io.vigil.auth.Principal;
import java.util.function.Consumer;

/**
 * Feeds discovery from live traffic: every request the gateway proxied (a response came from an
 * upstream) becomes an observation of its host, method and concrete path, so each endpoint behind
 * a broad route ({@code /legacy/{rest*}}) shows on its own. Runs on its own thread
 * ({@link io.vigil.audit.ObserverThread}), never on the request path.
 */
public final class TrafficObserver implements Consumer<DecisionRecord> {

    private final EndpointTree tree;

    public TrafficObserver(EndpointTree tree) {
        this.tree = tree;
    }

    /** Only what reached an upstream: refusals say nothing about what the upstream serves. */
    public static boolean proxied(DecisionRecord r) {
        return r.upstream() != null && r.route() != null;
    }

    @Override
    public void accept(DecisionRecord r) {
        Principal p = r.principal();
        String method = p == null || p.type() == Principal.Type.ANONYMOUS ? "none" : scheme(p.method());
        String issuer = p == null || p.type() == Principal.Type.ANONYMOUS || p.type() == Principal.Type.APIKEY ? null : p.issuer();
        tree.observe(new Observation(r.time(), r.host(), r.method(), r.path(), r.status(), method, issuer, r.route(), "traffic",
                r.requestContentType(), r.responseContentType()));
    }

    /** {@code jwt:corp} → {@code jwt}. */
    private static String scheme(String method) {
        if (method == null) {
            return "unknown";
        }
        int colon = method.indexOf(':');
        return colon < 0 ? method : method.substring(0, colon);
    }
}
