package io.vigil.proxy;

import io.vertx.core.MultiMap;
import io.vigil.pipeline.Exchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Header hygiene in both directions, shared by the HTTP/1.x and HTTP/2 front ends: hop-by-hop
 * headers and those a {@code Connection} header names stay behind; client-sent forwarding
 * headers pass only from trusted proxies; the gateway's own headers are set last, so nothing a
 * client sends can remove or replace them. The HTTP/1.x path edits the decoded headers in place
 * (a copy per request was the largest single cost left on its event loop).
 */
public final class UpstreamHeaders {

    private UpstreamHeaders() {
    }

    /** Turns the client's request headers into the upstream's, in place ({@code host} aside). */
    public static void prepareRequest(Exchange exchange, MultiMap headers, boolean upgrade, String via) {
        String upgradeValue = upgrade ? headers.get("upgrade") : null;
        String priorVia = headers.get("via");
        boolean trusted = exchange.trustedPeer();
        List<String> connectionOptions = connectionOptions(headers);
        removeIf(headers, name -> HopByHop.isHopByHop(name) || name.equalsIgnoreCase("host")
                || name.equalsIgnoreCase("x-request-id")
                || (!trusted && HopByHop.isForwarding(name))
                || HopByHop.isAmbiguous(name)
                || named(connectionOptions, name));
        if (upgrade) {
            headers.set("connection", "upgrade");
            headers.set("upgrade", upgradeValue);
        }
        Forwarding.apply(exchange, headers);
        headers.set("x-request-id", exchange.requestId());
        headers.set("via", priorVia == null ? via : priorVia + ", " + via);
    }

    /** Turns the upstream's response headers into the client's, in place. */
    public static void prepareResponse(Exchange exchange, MultiMap headers, String via) {
        String priorVia = headers.get("via");
        List<String> connectionOptions = connectionOptions(headers);
        removeIf(headers, name -> HopByHop.isHopByHop(name) || named(connectionOptions, name));
        headers.set("x-request-id", exchange.requestId());
        headers.set("via", priorVia == null ? via : priorVia + ", " + via);
    }

    /** Copying variant for front ends that cannot edit the request: {@code in} is untouched. */
    public static void request(Exchange exchange, MultiMap in, MultiMap out, UpstreamTarget target,
            boolean upgrade, String via) {
        out.addAll(in);
        prepareRequest(exchange, out, upgrade, via);
        out.set("host", target.authority());
    }

    /** Copying variant of {@link #prepareResponse}. */
    public static void response(Exchange exchange, MultiMap from, MultiMap to, String via) {
        to.addAll(from);
        prepareResponse(exchange, to, via);
    }

    /** Removes every header whose name matches; collected first, as the map can't change mid-walk. */
    private static void removeIf(MultiMap headers, Predicate<String> drop) {
        List<String> names = null;
        for (Map.Entry<String, String> header : headers) {
            if (drop.test(header.getKey())) {
                if (names == null) {
                    names = new ArrayList<>(4);
                }
                names.add(header.getKey());
            }
        }
        if (names != null) {
            for (String name : names) {
                headers.remove(name);
            }
        }
    }

    /** Every option of every {@code Connection} line; null when there is none. */
    private static List<String> connectionOptions(MultiMap headers) {
        if (!headers.contains("connection")) {
            return null;
        }
        List<String> lines = headers.getAll("connection");
        List<String> options = new ArrayList<>(4);
        for (String line : lines) {
            for (String option : line.split(",")) {
                String trimmed = option.trim();
                if (!trimmed.isEmpty()) {
                    options.add(trimmed);
                }
            }
        }
        return options;
    }

    private static boolean named(List<String> options, String name) {
        if (options == null) {
            return false;
        }
        for (String option : options) {
            if (option.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
