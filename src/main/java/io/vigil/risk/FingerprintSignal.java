package io.vigil.risk;

import io.vigil.auth.Principal;
import io.vigil.auth.mtls.ClientCertificate;
import io.vigil.pipeline.Exchange;
import java.util.List;

/**
 * A session or token used from a different client than it started with: a strong sign that it
 * was stolen and replayed. The fingerprint is the User-Agent with version numbers removed (so an
 * auto-update does not count) and the client certificate's thumbprint when there is one.
 */
final class FingerprintSignal implements Signal {

    private static final int MAX_AGENT = 256;

    private final Weights weights;
    private final Fingerprints fingerprints;

    FingerprintSignal(Weights weights, Fingerprints fingerprints) {
        this.weights = weights;
        this.fingerprints = fingerprints;
    }

    @Override
    public void assess(Exchange exchange, List<Factor> out) {
        Principal p = exchange.principal();
        if (p == null || p.type() == Principal.Type.ANONYMOUS) {
            return;
        }
        String key = p.sessionId() != null ? "sid " + p.issuer() + " " + p.sessionId()
                : p.tokenId() != null ? "jti " + p.issuer() + " " + p.tokenId() : null;
        if (key == null) {
            return;
        }
        String current = fingerprint(exchange);
        String first = fingerprints.firstOrRecord(key, current);
        if (!first.equals(current)) {
            out.add(new Factor("device.fingerprint_changed", weights.of("device.fingerprint_changed"),
                    (p.sessionId() != null ? "session" : "token") + " began on another client"));
        }
    }

    static String fingerprint(Exchange exchange) {
        String agent = exchange.headers().get("user-agent");
        StringBuilder out = new StringBuilder(64);
        if (agent != null) {
            int n = Math.min(agent.length(), MAX_AGENT);
            for (int i = 0; i < n; i++) {
                char c = agent.charAt(i);
                if ((c < '0' || c > '9') && c != '.' && c != '_') {
                    out.append(c);
                }
            }
        }
        ClientCertificate certificate = exchange.clientCertificate();
        if (certificate != null) {
            out.append('|').append(certificate.thumbprint());
        }
        return out.toString();
    }
}
