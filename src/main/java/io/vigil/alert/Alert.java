package io.vigil.alert;

import java.util.List;

/**
 * Something an operator should look at now, e.g. a session terminated for its risk. Never holds
 * a credential.
 *
 * @param kind stable, snake_case ({@code session_terminated})
 * @param subject the principal's subject
 * @param revoked what was revoked ({@code sid:…}, {@code jti:…}), or null
 * @param factors the risk factor names that led to it
 */
public record Alert(String id, long time, String kind, String subject, String issuer, String route, String requestId,
        int score, List<String> factors, String revoked) {

    public Alert {
        factors = List.copyOf(factors);
    }
}
