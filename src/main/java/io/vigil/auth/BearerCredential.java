package io.vigil.auth;

import io.vertx.core.MultiMap;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Reason;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Finds an RFC 6750 bearer token in a request, strictly: exactly one {@code Authorization}
 * header, the scheme matched case-insensitively, the token in {@code b64token} syntax, and no
 * token in the query string (§2.3 is not supported: URLs end up in logs and browser history).
 */
public final class BearerCredential {

    /** What the request holds: no bearer token, one token, or an ambiguous/invalid request. */
    public sealed interface Found {
    }

    public record Absent() implements Found {
    }

    public record Token(String value) implements Found {
    }

    public record Invalid(AuthOutcome.Rejected rejection) implements Found {
    }

    public static final Absent ABSENT = new Absent();

    private static final Invalid TWO_HEADERS = invalid(Reason.INVALID_REQUEST,
            "Send exactly one Authorization header.");
    private static final Invalid EMPTY = invalid(Reason.INVALID_REQUEST,
            "The Authorization header names a scheme but carries no credential.");
    private static final Invalid IN_QUERY = invalid(Reason.INVALID_REQUEST,
            "Access tokens are not accepted in the query string; send them in the Authorization header.");
    private static final Invalid BAD_SYNTAX = invalid(Reason.TOKEN_MALFORMED,
            "The bearer token contains characters a token cannot contain.");

    private BearerCredential() {
    }

    /**
     * @param scheme the authorization scheme this caller accepts ("Bearer")
     */
    public static Found find(Exchange exchange, String scheme) {
        if (hasQueryToken(exchange.query())) {
            return IN_QUERY;
        }
        MultiMap headers = exchange.headers();
        String header = headers.get("authorization");
        if (header == null) {
            return ABSENT;
        }
        List<String> all = headers.getAll("authorization");
        if (all.size() != 1) {
            return TWO_HEADERS;
        }
        int space = header.indexOf(' ');
        String given = space < 0 ? header : header.substring(0, space);
        if (!given.equalsIgnoreCase(scheme)) {
            // Another scheme (ApiKey, Basic, DPoP): another authenticator's business.
            return ABSENT;
        }
        int start = space;
        while (start >= 0 && start < header.length() && header.charAt(start) == ' ') {
            start++;
        }
        if (start < 0 || start >= header.length()) {
            return EMPTY;
        }
        String token = header.substring(start);
        return isB64Token(token) ? new Token(token) : BAD_SYNTAX;
    }

    /** RFC 6750 §2.1: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
    static boolean isB64Token(String token) {
        int i = 0;
        int n = token.length();
        for (; i < n; i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
            if (!ok) {
                break;
            }
        }
        if (i == 0) {
            return false;
        }
        for (; i < n; i++) {
            if (token.charAt(i) != '=') {
                return false;
            }
        }
        return true;
    }

    /** Whether any query parameter is named {@code access_token}, however it is encoded. */
    static boolean hasQueryToken(String query) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        int from = 0;
        while (from <= query.length()) {
            int amp = query.indexOf('&', from);
            int end = amp < 0 ? query.length() : amp;
            int eq = query.indexOf('=', from);
            int nameEnd = eq < 0 || eq > end ? end : eq;
            String name = query.substring(from, nameEnd);
            if (name.indexOf('%') >= 0 || name.indexOf('+') >= 0) {
                try {
                    name = URLDecoder.decode(name, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    // An undecodable name cannot be access_token; the upstream sees it as sent.
                }
            }
            if (name.equals("access_token")) {
                return true;
            }
            if (amp < 0) {
                break;
            }
            from = amp + 1;
        }
        return false;
    }

    private static Invalid invalid(Reason reason, String detail) {
        return new Invalid(new AuthOutcome.Rejected(reason, detail));
    }
}
