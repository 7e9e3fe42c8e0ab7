package io.vigil.risk;

import io.vigil.auth.Principal;
import io.vigil.pipeline.Exchange;
import java.util.List;
import java.util.Set;

/**
 * How strongly the caller proved who it is, weakest first: an API key (a static secret); a bearer
 * token, which works for whoever holds a copy; a token bound to its sender (RFC 8705 certificate or
 * RFC 9449 DPoP {@code cnf}) or presented over mutual TLS, which adds nothing. A user login without
 * a second factor (RFC 8176 {@code amr}) or more than a day old adds risk. Workloads and devices
 * authenticated by certificate add nothing here.
 */
final class AuthenticationSignal implements Signal {

    /** RFC 8176 methods that are, or imply, a second factor. */
    private static final Set<String> SECOND_FACTORS = Set.of("mfa", "otp", "hwk", "swk", "sc", "fpt", "face", "iris",
            "retina", "vbm", "sms", "tel");
    private static final long STALE_LOGIN_SECONDS = 24 * 3600;

    private final Weights weights;
    private final Set<String> strongAcr;

    AuthenticationSignal(Weights weights, List<String> strongAcr) {
        this.weights = weights;
        this.strongAcr = Set.copyOf(strongAcr);
    }

    @Override
    public void assess(Exchange exchange, List<Factor> out) {
        Principal p = exchange.principal();
        if (p == null || p.type() == Principal.Type.ANONYMOUS) {
            return;
        }
        if (p.type() == Principal.Type.APIKEY) {
            out.add(new Factor("auth.api_key", weights.of("auth.api_key"), "API key"));
            return;
        }
        if (p.confirmation().isEmpty() && exchange.clientCertificate() == null && p.method() != null
                && !p.method().equals("mtls")) {
            // The authenticator refused any binding it could not check, so a confirmation here is a proven one.
            out.add(new Factor("auth.bearer_token", weights.of("auth.bearer_token"), "token not bound to its sender"));
        }
        if (p.type() != Principal.Type.USER) {
            return;
        }
        boolean strong = (p.acr() != null && strongAcr.contains(p.acr()))
                || p.amr().stream().anyMatch(SECOND_FACTORS::contains);
        if (!strong) {
            out.add(new Factor("auth.no_mfa", weights.of("auth.no_mfa"),
                    "amr " + (p.amr().isEmpty() ? "absent" : String.join(",", p.amr()))));
        }
        long age = exchange.startEpochMillis() / 1000 - p.authTime();
        if (p.authTime() > 0 && age > STALE_LOGIN_SECONDS) {
            out.add(new Factor("auth.stale_login", weights.of("auth.stale_login"), "login " + age / 3600 + " h ago"));
        }
    }
}
