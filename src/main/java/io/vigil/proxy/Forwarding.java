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
        String element = element(peer, exchange.scheme(), exchange.authority());
        String priorForwarded = joined(out, "forwarded");
        out.set("forwarded", priorForwarded == null ? element : priorForwarded + ", " + element);
    }

    /**
     * Every line of a list header as one value (RFC 9110 §5.3): a proxy that appends a line must
     * not lose the earlier ones. Null when there is none.
     */
    public static String joined(MultiMap headers, String name) {
        if (!headers.contains(name)) {
            // The common case, and getAll would allocate a list to say so.
            return null;
        }
        java.util.List<String> lines = headers.getAll(name);
        if (lines.isEmpty()) {
            return null;
        }
        return lines.size() == 1 ? lines.get(0) : String.join(", ", lines);
    }

    /** The last element built on this thread: a connection's requests mostly share it. */
    private static final ThreadLocal<String[]> LAST = ThreadLocal.withInitial(() -> new String[4]);

    private static String element(String peer, String scheme, String authority) {
        String[] last = LAST.get();
        if (peer.equals(last[0]) && scheme.equals(last[1]) && java.util.Objects.equals(authority, last[2])) {
            return last[3];
        }
        StringBuilder element = new StringBuilder("for=");
        appendNode(element, peer);
        element.append(";proto=").append(scheme);
        if (authority != null) {
            element.append(";host=\"").append(authority.replace("\"", "")).append('"');
        }
        String built = element.toString();
        last[0] = peer;
        last[1] = scheme;
        last[2] = authority;
        last[3] = built;
        return built;
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
