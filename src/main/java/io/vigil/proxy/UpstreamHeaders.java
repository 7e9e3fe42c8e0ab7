package io.vigil.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import io.vigil.pipeline.Exchange;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Header hygiene in both directions, shared by the HTTP/1.x and HTTP/2 front ends: hop-by-hop
 * headers and those a {@code Connection} header names stay behind; client-sent forwarding
 * headers pass only from trusted proxies; the gateway's own headers are set last, so nothing a
 * client sends can remove or replace them. The HTTP/1.x path edits the decoded headers in place
 * and works on Netty's header names without turning each into a String (a copy, then per-name
 * Strings, were the largest costs left on its event loop).
 */
public final class UpstreamHeaders {

    private static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
    private static final AsciiString VIA = AsciiString.cached("via");

    private UpstreamHeaders() {
    }

    /** Turns the client's request headers into the upstream's, in place ({@code host} aside). */
    public static void prepareRequest(Exchange exchange, HeadersMultiMap headers, boolean upgrade, String via) {
        String upgradeValue = upgrade ? headers.get(HttpHeaderNames.UPGRADE) : null;
        String priorVia = headers.get(VIA);
        removeHopByHop(headers);
        headers.remove(HttpHeaderNames.HOST);
        headers.remove(X_REQUEST_ID);
        boolean trusted = exchange.trustedPeer();
        List<CharSequence> drop = null;
        Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
        while (it.hasNext()) {
            CharSequence name = it.next().getKey();
            if ((!trusted && HopByHop.isForwarding(name)) || HopByHop.isAmbiguous(name)) {
                if (drop == null) {
                    drop = new ArrayList<>(4);
                }
                drop.add(name);
            }
        }
        if (drop != null) {
            for (CharSequence name : drop) {
                headers.remove(name);
            }
        }
        if (upgrade) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderNames.UPGRADE);
            headers.set(HttpHeaderNames.UPGRADE, upgradeValue);
        }
        Forwarding.apply(exchange, headers);
        headers.set(X_REQUEST_ID, exchange.requestId());
        headers.set(VIA, priorVia == null ? via : priorVia + ", " + via);
    }

    /** Turns the upstream's response headers into the client's, in place. */
    public static void prepareResponse(Exchange exchange, HttpHeaders headers, String via) {
        String priorVia = headers.get(VIA);
        removeHopByHop(headers);
        headers.set(X_REQUEST_ID, exchange.requestId());
        headers.set(VIA, priorVia == null ? via : priorVia + ", " + via);
        List<String> extra = exchange.responseHeaders();
        if (extra != null) {
            for (int i = 0; i < extra.size(); i += 2) {
                headers.add(extra.get(i), extra.get(i + 1));
            }
        }
    }

    /** Copying variant for front ends that cannot edit the request: {@code in} is untouched. */
    public static void request(Exchange exchange, MultiMap in, HeadersMultiMap out, UpstreamTarget target,
            boolean upgrade, String via) {
        out.addAll(in);
        prepareRequest(exchange, out, upgrade, via);
        out.set(HttpHeaderNames.HOST, target.authority());
    }

    /** Copying variant of {@link #prepareResponse}. */
    public static void response(Exchange exchange, MultiMap from, MultiMap to, String via) {
        HeadersMultiMap copy = HeadersMultiMap.httpHeaders();
        copy.addAll(from);
        prepareResponse(exchange, copy, via);
        to.addAll((MultiMap) copy);
    }

    /** The hop-by-hop names, and every option named by any {@code Connection} line. */
    private static void removeHopByHop(HttpHeaders headers) {
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            for (String line : headers.getAll(HttpHeaderNames.CONNECTION)) {
                int start = 0;
                while (start <= line.length()) {
                    int comma = line.indexOf(',', start);
                    int end = comma < 0 ? line.length() : comma;
                    String option = line.substring(start, end).trim();
                    if (!option.isEmpty()) {
                        headers.remove(option);
                    }
                    start = end + 1;
                }
            }
        }
        for (AsciiString name : HopByHop.NAMES) {
            headers.remove(name);
        }
    }
}
