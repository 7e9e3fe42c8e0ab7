package io.vigil.risk;

import io.vigil.auth.Principal;
import io.vigil.auth.mtls.ClientCertificate;
import io.vigil.pipeline.Exchange;
import io.vigil.server.tls.TlsFingerprint;
import java.util.List;

/**
 * A session or token used from a different client than it started with: a strong sign that it
 * was stolen and replayed. The fingerprint is the User-Agent with version numbers removed (so an
 * auto-update does not count), the client certificate's thumbprint and the TLS client's JA4
 * fingerprint: a script replaying a browser's token can copy its User-Agent, not its TLS stack.
 * The evidence names the parts that changed.
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
                    (p.sessionId() != null ? "session" : "token") + " began on another client ("
                            + changed(first, current) + ")"));
        }
    }

    private static final String[] PARTS = {"user agent", "client certificate", "TLS fingerprint"};

    /** Which of the fingerprint's parts differ, e.g. {@code TLS fingerprint}. */
    static String changed(String first, String current) {
        String[] was = first.split("\\|", -1);
        String[] now = current.split("\\|", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < PARTS.length; i++) {
            String a = i < was.length ? was[i] : "";
            String b = i < now.length ? now[i] : "";
            if (!a.equals(b)) {
                out.append(out.length() == 0 ? "" : ", ").append(PARTS[i]);
            }
        }
        return out.append(" changed").toString();
    }

    static String fingerprint(Exchange exchange) {
        String agent = exchange.headers().get("user-agent");
        StringBuilder out = new StringBuilder(64);
        if (agent != null) {
            int n = Math.min(agent.length(), MAX_AGENT);
            for (int i = 0; i < n; i++) {
                char c = agent.charAt(i);
                if ((c < '0' || c > '9') && c != '.' && c != '_' && c != '|') {
                    out.append(c);
                }
            }
        }
        out.append('|');
        ClientCertificate certificate = exchange.clientCertificate();
        if (certificate != null) {
            out.append(certificate.thumbprint());
        }
        out.append('|');
        TlsFingerprint tls = exchange.tlsFingerprint();
        if (tls != null) {
            out.append(tls.ja4());
        }
        return out.toString();
    }
}
