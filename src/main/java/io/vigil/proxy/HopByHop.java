package io.vigil.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AsciiString;

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are never forwarded, nor are
 * the headers a {@code Connection} header names.
 */
final class HopByHop {

    private HopByHop() {
    }

    /** Headers that claim who the client is: believed only from trusted proxies. */
    static boolean isForwarding(CharSequence name) {
        return eq(name, "forwarded") || eq(name, "x-real-ip")
                || (name.length() > 12 && AsciiString.regionMatches(name, true, 0, "x-forwarded-", 0, 12))
                || eq(name, "true-client-ip") || eq(name, "x-client-ip") || eq(name, "x-cluster-client-ip")
                || eq(name, "cf-connecting-ip") || eq(name, "fastly-client-ip");
    }

    /**
     * Headers some upstream frameworks read as a different path or method than the one the
     * gateway decided on (Symfony and IIS honour {@code X-Original-URL}; many honour method
     * overrides), and names with underscores, which CGI-style servers fold into the dashed
     * names ({@code X_Forwarded_For} becomes {@code X-Forwarded-For}). Never forwarded.
     */
    static boolean isAmbiguous(CharSequence name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == '_') {
                return true;
            }
        }
        return eq(name, "x-original-url") || eq(name, "x-rewrite-url") || eq(name, "x-http-method-override")
                || eq(name, "x-http-method") || eq(name, "x-method-override");
    }

    private static boolean eq(CharSequence a, String b) {
        return a.length() == b.length() && AsciiString.contentEqualsIgnoreCase(a, b);
    }

    /** Every hop-by-hop name, for removing them without walking the headers. */
    static final AsciiString[] NAMES = {
        HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_CONNECTION,
        HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE,
        HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION, AsciiString.cached("http2-settings")};
}
