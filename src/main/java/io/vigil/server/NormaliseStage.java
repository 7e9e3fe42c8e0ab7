package io.vigil.server;

import io.vertx.core.Future;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Phase;
import io.vigil.pipeline.Reason;
import io.vigil.pipeline.Stage;
import java.util.Locale;

/**
 * Strict request checks the HTTP decoder cannot make on its own, then the one path
 * normalisation. After this stage, {@link Exchange#path()} is the only path anyone uses.
 */
public final class NormaliseStage implements Stage {

    private final int maxUriLength;
    private final int maxHeaderCount;
    private final boolean allowH2cUpgrade;

    public NormaliseStage(int maxUriLength, int maxHeaderCount, boolean allowH2cUpgrade) {
        this.maxUriLength = maxUriLength;
        this.maxHeaderCount = maxHeaderCount;
        this.allowH2cUpgrade = allowH2cUpgrade;
    }

    @Override
    public Phase phase() {
        return Phase.NORMALISE;
    }

    @Override
    public Future<Decision> apply(Exchange exchange) {
        Decision decision = check(exchange);
        return decision == Decision.CONTINUE ? Decision.CONTINUE_FUTURE : Future.succeededFuture(decision);
    }

    Decision check(Exchange exchange) {
        String target = exchange.rawTarget();
        if (target.length() > maxUriLength) {
            return Decision.deny(Reason.URI_TOO_LONG, "The request target is longer than " + maxUriLength + " characters.");
        }
        // One pass over the fields, not size() (which builds a set of the names) and getAll("host").
        // Cookie lines count as one field: HTTP/2 clients send every cookie as a line of its own.
        int fields = 0;
        int hosts = 0;
        boolean cookies = false;
        java.util.Iterator<? extends java.util.Map.Entry<? extends CharSequence, ? extends CharSequence>> each =
                exchange.headers() instanceof io.netty.handler.codec.http.HttpHeaders netty ? netty.iteratorCharSequence()
                        : exchange.headers().iterator();
        while (each.hasNext()) {
            CharSequence name = each.next().getKey();
            if (io.netty.util.AsciiString.contentEqualsIgnoreCase(name, "cookie")) {
                if (cookies) {
                    continue;
                }
                cookies = true;
            }
            fields++;
            if (io.netty.util.AsciiString.contentEqualsIgnoreCase(name, "host")) {
                hosts++;
            }
        }
        if (fields > maxHeaderCount) {
            return Decision.deny(Reason.HEADERS_TOO_LARGE, "More than " + maxHeaderCount + " header fields.");
        }
        if (exchange.authority() != null && hosts > 1) {
            return Decision.deny(Reason.MALFORMED_REQUEST, "More than one Host header.");
        }
        String upgrade = exchange.headers().get("upgrade");
        if (upgrade != null && !allowH2cUpgrade && upgrade.toLowerCase(Locale.ROOT).contains("h2c")) {
            return Decision.deny(Reason.MALFORMED_REQUEST, "Upgrade to h2c is not allowed on this listener.");
        }
        String pathAndQuery = target;
        if (!target.startsWith("/")) {
            Decision absolute = checkAbsoluteForm(exchange, target);
            if (absolute != null) {
                return absolute;
            }
            int authorityStart = target.indexOf("://") + 3;
            int pathStart = authorityStart;
            while (pathStart < target.length() && "/?#".indexOf(target.charAt(pathStart)) < 0) {
                pathStart++;
            }
            pathAndQuery = pathStart == target.length() || target.charAt(pathStart) != '/'
                    ? "/" + target.substring(pathStart) : target.substring(pathStart);
        }
        int q = pathAndQuery.indexOf('?');
        String rawPath = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? null : pathAndQuery.substring(q + 1);
        if (query != null && !validQuery(query)) {
            return Decision.deny(Reason.MALFORMED_REQUEST, "The query string has invalid characters or percent-encoding.");
        }
        try {
            exchange.normalized(PathNormalizer.normalize(rawPath), query);
        } catch (AmbiguousPathException e) {
            return Decision.deny(Reason.AMBIGUOUS_PATH, "Rejected path: " + e.getMessage() + ".");
        }
        return Decision.CONTINUE;
    }

    /** Absolute-form targets ({@code GET http://host/path}) must name the same host as Host. */
    private static Decision checkAbsoluteForm(Exchange exchange, String target) {
        int schemeEnd = target.indexOf("://");
        if (schemeEnd <= 0) {
            return Decision.deny(Reason.MALFORMED_REQUEST, "The request target is not origin-form or absolute-form.");
        }
        String scheme = target.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Decision.deny(Reason.MALFORMED_REQUEST, "The request target has an unsupported scheme.");
        }
        int authorityStart = schemeEnd + 3;
        // RFC 3986 §3.2: the authority ends at the first '/', '?' or '#'.
        int authorityEnd = authorityStart;
        while (authorityEnd < target.length() && "/?#".indexOf(target.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        if (authorityEnd == target.length()) {
            authorityEnd = -1;
        }
        String authority = target.substring(authorityStart, authorityEnd < 0 ? target.length() : authorityEnd);
        if (authority.contains("@")) {
            return Decision.deny(Reason.MALFORMED_REQUEST, "User information is not allowed in the request target.");
        }
        String hostHeader = exchange.headers().get("host");
        if (hostHeader == null || !sameAuthority(authority, hostHeader, scheme)) {
            return Decision.deny(Reason.HOST_MISMATCH, "The absolute-form target names a different host than the Host header.");
        }
        return null;
    }

    private static boolean sameAuthority(String a, String b, String scheme) {
        return withPort(a, scheme).equalsIgnoreCase(withPort(b, scheme));
    }

    private static String withPort(String authority, String scheme) {
        int colon = authority.lastIndexOf(':');
        boolean hasPort = colon > authority.lastIndexOf(']');
        return hasPort ? authority : authority + (scheme.equals("https") ? ":443" : ":80");
    }

    private static boolean validQuery(String query) {
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '#') {
                return false;
            }
            if (c == '%') {
                if (i + 2 >= query.length() || Character.digit(query.charAt(i + 1), 16) < 0
                        || Character.digit(query.charAt(i + 2), 16) < 0) {
                    return false;
                }
                if (query.charAt(i + 1) == '0' && query.charAt(i + 2) == '0') {
                    return false;
                }
            }
        }
        return true;
    }
}
