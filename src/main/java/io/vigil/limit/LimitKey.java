package io.vigil.limit;

import io.vigil.auth.Principal;
import io.vigil.auth.apikey.ApiKeyAuthenticator;
import io.vigil.pipeline.Exchange;
import java.util.Map;

/**
 * What a limit counts by: {@code ip}, {@code apikey}, {@code principal}, {@code route},
 * {@code header:NAME} or {@code claim:PATH}. A request that lacks the value (no such header, a
 * token caller on an {@code apikey} limit) is counted by its client IP instead, so leaving a
 * header out never escapes a limit. Values and the IP fallback are kept apart by their prefix:
 * a header cannot name someone else's IP bucket. IPv6 clients count by their /64. A header value
 * is the client's to choose: key by a header only when a trusted proxy sets it.
 */
public record LimitKey(Kind kind, String argument) {

    public enum Kind { IP, APIKEY, PRINCIPAL, ROUTE, HEADER, CLAIM }

    /** Longer values are cut: a client must not grow the bucket table with huge keys. */
    private static final int MAX_VALUE = 256;

    /** @throws IllegalArgumentException naming the accepted forms */
    public static LimitKey parse(String text) {
        switch (text) {
            case "ip":
                return new LimitKey(Kind.IP, null);
            case "apikey":
                return new LimitKey(Kind.APIKEY, null);
            case "principal":
                return new LimitKey(Kind.PRINCIPAL, null);
            case "route":
                return new LimitKey(Kind.ROUTE, null);
            default:
                break;
        }
        if (text.startsWith("header:") && text.substring(7).matches("[A-Za-z0-9-]{1,64}")) {
            return new LimitKey(Kind.HEADER, text.substring(7));
        }
        if (text.startsWith("claim:") && text.substring(6).matches("[A-Za-z0-9_:/-]+(\\.[A-Za-z0-9_:/-]+)*")) {
            return new LimitKey(Kind.CLAIM, text.substring(6));
        }
        throw new IllegalArgumentException("'" + text + "' is not a limit key (expected: ip, apikey, principal, route,"
                + " header:NAME or claim:PATH)");
    }

    /** The bucket key part for this request: {@code =value}, or {@code ip:address} when the value is absent. */
    public String of(Exchange exchange) {
        String value = value(exchange);
        if (value == null || value.isEmpty()) {
            return "ip:" + io.vigil.server.AddressPrefix.of(exchange.clientAddress(), 32, 64);
        }
        if (kind == Kind.IP) {
            return "ip:" + io.vigil.server.AddressPrefix.of(value, 32, 64);
        }
        return "=" + (value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) : value);
    }

    private String value(Exchange exchange) {
        Principal principal = exchange.principal();
        switch (kind) {
            case IP:
                return exchange.clientAddress();
            case APIKEY:
                return principal != null && principal.method().equals(ApiKeyAuthenticator.ID) ? principal.tokenId() : null;
            case PRINCIPAL:
                return principal == null || principal.type() == Principal.Type.ANONYMOUS ? null
                        : principal.issuer() + " " + principal.subject();
            case ROUTE:
                return exchange.route() == null ? null : exchange.route().id();
            case HEADER:
                return exchange.headers().get(argument);
            case CLAIM:
                return principal == null ? null : claim(principal.claims());
            default:
                return null;
        }
    }

    private String claim(Map<String, Object> claims) {
        Object value = Principal.claimAt(claims, argument);
        return value instanceof String || value instanceof Number || value instanceof Boolean ? value.toString() : null;
    }
}
