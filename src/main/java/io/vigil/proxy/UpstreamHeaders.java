package io.vigil.proxy;

import io.vertx.core.MultiMap;
import io.vigil.pipeline.Exchange;
import java.util.Map;

/**
 * Header hygiene in both directions, shared by the HTTP/1.x and HTTP/2 front ends: hop-by-hop
 * headers and those the {@code Connection} header names stay behind; client-sent forwarding
 * headers pass only from trusted proxies; the gateway's own headers are set last, so nothing a
 * client sends can remove or replace them.
 */
public final class UpstreamHeaders {

    private UpstreamHeaders() {
    }

    /** Copies the client's request headers for the upstream into {@code out}. */
    public static void request(Exchange exchange, MultiMap in, MultiMap out, UpstreamTarget target,
            boolean upgrade, String via) {
        String[] connectionOptions = connectionOptions(in);
        boolean trusted = exchange.trustedPeer();
        for (Map.Entry<String, String> header : in) {
            String name = header.getKey();
            if (HopByHop.isHopByHop(name) || name.equalsIgnoreCase("host")
                    || name.equalsIgnoreCase("x-request-id")
                    || (!trusted && HopByHop.isForwarding(name))
                    || named(connectionOptions, name)) {
                continue;
            }
            out.add(name, header.getValue());
        }
        if (upgrade) {
            out.set("connection", "upgrade");
            out.set("upgrade", in.get("upgrade"));
        }
        out.set("host", target.authority());
        Forwarding.apply(exchange, out);
        out.set("x-request-id", exchange.requestId());
        String previousVia = in.get("via");
        out.set("via", previousVia == null ? via : previousVia + ", " + via);
    }

    /** Copies the upstream's response headers for the client into {@code to}. */
    public static void response(Exchange exchange, MultiMap from, MultiMap to, String via) {
        String[] connectionOptions = connectionOptions(from);
        for (Map.Entry<String, String> header : from) {
            String name = header.getKey();
            if (HopByHop.isHopByHop(name) || named(connectionOptions, name)) {
                continue;
            }
            to.add(name, header.getValue());
        }
        to.set("x-request-id", exchange.requestId());
        String previousVia = from.get("via");
        to.set("via", previousVia == null ? via : previousVia + ", " + via);
    }

    /** The options a {@code Connection} header lists, parsed once per message; null when none. */
    private static String[] connectionOptions(MultiMap headers) {
        String connection = headers.get("connection");
        if (connection == null) {
            return null;
        }
        String[] options = connection.split(",");
        for (int i = 0; i < options.length; i++) {
            options[i] = options[i].trim();
        }
        return options;
    }

    private static boolean named(String[] options, String name) {
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
