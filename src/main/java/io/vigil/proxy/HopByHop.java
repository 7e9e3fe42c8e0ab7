package io.vigil.proxy;

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are never forwarded, nor are
 * the headers a {@code Connection} header names.
 */
final class HopByHop {

    private HopByHop() {
    }

    static boolean isHopByHop(String name) {
        switch (name.length()) {
            case 2:
                return name.equalsIgnoreCase("te");
            case 7:
                return name.equalsIgnoreCase("upgrade") || name.equalsIgnoreCase("trailer");
            case 10:
                return name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
            case 16:
                return name.equalsIgnoreCase("proxy-connection");
            case 17:
                return name.equalsIgnoreCase("transfer-encoding");
            case 18:
                return name.equalsIgnoreCase("proxy-authenticate");
            case 19:
                return name.equalsIgnoreCase("proxy-authorization");
            case 14:
                return name.equalsIgnoreCase("http2-settings");
            default:
                return false;
        }
    }

    /** Headers that claim who the client is: believed only from trusted proxies. */
    static boolean isForwarding(String name) {
        return name.equalsIgnoreCase("forwarded") || name.equalsIgnoreCase("x-real-ip")
                || (name.length() > 12 && name.regionMatches(true, 0, "x-forwarded-", 0, 12))
                || name.equalsIgnoreCase("true-client-ip") || name.equalsIgnoreCase("x-client-ip")
                || name.equalsIgnoreCase("x-cluster-client-ip") || name.equalsIgnoreCase("cf-connecting-ip")
                || name.equalsIgnoreCase("fastly-client-ip");
    }

    /**
     * Headers some upstream frameworks read as a different path or method than the one the
     * gateway decided on (Symfony and IIS honour {@code X-Original-URL}; many honour method
     * overrides), and names with underscores, which CGI-style servers fold into the dashed
     * names ({@code X_Forwarded_For} becomes {@code X-Forwarded-For}). Never forwarded.
     */
    static boolean isAmbiguous(String name) {
        return name.indexOf('_') >= 0
                || name.equalsIgnoreCase("x-original-url") || name.equalsIgnoreCase("x-rewrite-url")
                || name.equalsIgnoreCase("x-http-method-override") || name.equalsIgnoreCase("x-http-method")
                || name.equalsIgnoreCase("x-method-override");
    }
}
