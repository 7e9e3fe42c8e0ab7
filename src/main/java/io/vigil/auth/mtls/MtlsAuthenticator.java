package io.vigil.auth.mtls;

import io.vertx.core.Future;
import io.vigil.auth.AuthOutcome;
import io.vigil.auth.Authenticator;
import io.vigil.auth.Principal;
import io.vigil.pipeline.Exchange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code auth: [mtls]}: the client certificate the TLS handshake verified against
 * {@code server.tls.clientCa}. A SPIFFE ID in a URI SAN makes a {@code workload} principal (the
 * identity service-to-service policies name); otherwise the first DNS SAN, or the subject DN, makes
 * a {@code device}. No certificate is "not applicable": the next method may try.
 */
public final class MtlsAuthenticator implements Authenticator {

    public static final String ID = "mtls";
    public static final MtlsAuthenticator INSTANCE = new MtlsAuthenticator();
    private static final Future<AuthOutcome> NOT_APPLICABLE = Future.succeededFuture(AuthOutcome.NOT_APPLICABLE);

    private MtlsAuthenticator() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Future<AuthOutcome> authenticate(Exchange exchange) {
        ClientCertificate certificate = exchange.clientCertificate();
        if (certificate == null) {
            return NOT_APPLICABLE;
        }
        return Future.succeededFuture(new AuthOutcome.Authenticated(principal(certificate)));
    }

    static Principal principal(ClientCertificate c) {
        String spiffe = null;
        for (String uri : c.uris()) {
            if (uri.startsWith("spiffe://")) {
                spiffe = uri;
                break;
            }
        }
        String subjectDn = c.certificate().getSubjectX500Principal().getName();
        String subject = spiffe != null ? spiffe : !c.dnsNames().isEmpty() ? c.dnsNames().get(0) : subjectDn;
        Map<String, Object> claims = new HashMap<>();
        claims.put("subject_dn", subjectDn);
        claims.put("issuer_dn", c.certificate().getIssuerX500Principal().getName());
        claims.put("serial", c.certificate().getSerialNumber().toString(16));
        claims.put("not_after", c.certificate().getNotAfter().getTime() / 1000);
        claims.put("san_uri", c.uris());
        claims.put("san_dns", c.dnsNames());
        return new Principal(spiffe != null ? Principal.Type.WORKLOAD : Principal.Type.DEVICE, subject,
                c.certificate().getIssuerX500Principal().getName(), ID, Set.of(), Set.of(), null, null, List.of(), 0,
                null, spiffe == null ? subject : null, null, c.certificate().getNotBefore().getTime() / 1000,
                Map.of("x5t#S256", c.thumbprint()), claims, c.certificate().getNotAfter().getTime() / 1000);
    }
}
