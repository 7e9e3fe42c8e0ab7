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

    static boolean isForwarding(String name) {
        return name.equalsIgnoreCase("forwarded") || name.equalsIgnoreCase("x-real-ip")
                || (name.length() > 12 && name.regionMatches(true, 0, "x-forwarded-", 0, 12));
    }
}
