package io.vigil.server;

import io.netty.util.NetUtil;

/** The client's address when a trusted proxy forwarded the request. */
final class ClientAddress {

    private ClientAddress() {
    }

    /**
     * Walks {@code X-Forwarded-For} from the right, skipping trusted proxies: the first address
     * that is not one of ours is the client. Anything unparsable stops the walk there, so a
     * forged left-hand entry never wins.
     */
    static String fromForwardedFor(String header, String peer, CidrSet trusted) {
        if (header == null || header.isEmpty()) {
            return peer;
        }
        String[] hops = header.split(",");
        String candidate = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!NetUtil.isValidIpV4Address(hop) && !NetUtil.isValidIpV6Address(hop)) {
                return candidate;
            }
            candidate = hop;
            if (!trusted.contains(hop)) {
                return hop;
            }
        }
        return candidate;
    }
}
