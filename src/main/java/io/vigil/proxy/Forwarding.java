package io.vigil.proxy;

import io.vertx.core.MultiMap;
import io.vigil.pipeline.Exchange;

/**
 * Tells the upstream who the client is and how it reached the gateway. Client-sent forwarding
 * headers were already dropped unless the peer is a trusted proxy; a trusted proxy's chain is
 * extended, never replaced.
 */
public final class Forwarding {

    private Forwarding() {
    }

    static void apply(Exchange exchange, MultiMap out) {
        String peer = exchange.peerAddress();
        String priorFor = joined(out, "x-forwarded-for");
        out.set("x-forwarded-for", priorFor == null ? peer : priorFor + ", " + peer);
        if (out.get("x-forwarded-proto") == null) {
            out.set("x-forwarded-proto", exchange.scheme());
        }
        if (out.get("x-forwarded-host") == null && exchange.authority() != null) {
            out.set("x-forwarded-host", exchange.authority());
        }
        StringBuilder element = new StringBuilder("for=");
        appendNode(element, peer);
        element.append(";proto=").append(exchange.scheme());
        if (exchange.authority() != null) {
            element.append(";host=\"").append(exchange.authority().replace("\"", "")).append('"');
        }
        String priorForwarded = joined(out, "forwarded");
        out.set("forwarded", priorForwarded == null ? element.toString() : priorForwarded + ", " + element);
    }

    /**
     * Every line of a list header as one value (RFC 9110 §5.3): a proxy that appends a line must
     * not lose the earlier ones. Null when there is none.
     */
    public static String joined(MultiMap headers, String name) {
        java.util.List<String> lines = headers.getAll(name);
        if (lines.isEmpty()) {
            return null;
        }
        return lines.size() == 1 ? lines.get(0) : String.join(", ", lines);
    }

    /** RFC 7239 §6: IPv6 addresses are bracketed and quoted. */
    private static void appendNode(StringBuilder out, String address) {
        if (address.indexOf(':') >= 0) {
            out.append("\"[").append(address).append("]\"");
        } else {
            out.append(address);
        }
    }
}
