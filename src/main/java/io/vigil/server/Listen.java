package io.vigil.server;

import io.vertx.core.net.SocketAddress;

/** Parses {@code host:port} and {@code [v6]:port} listen addresses. */
public final class Listen {

    private Listen() {
    }

    public static SocketAddress parse(String listen) {
        int colon = listen.lastIndexOf(':');
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return SocketAddress.inetSocketAddress(Integer.parseInt(listen.substring(colon + 1)), host);
    }
}
