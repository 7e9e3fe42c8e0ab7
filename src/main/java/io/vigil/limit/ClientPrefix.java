package io.vigil.limit;

import io.netty.util.NetUtil;

/**
 * The part of a client address that per-IP limits count by. An IPv6 client usually holds a whole
 * /64 (often more) and can pick a fresh address for every request, so IPv6 addresses count by
 * their /64 network; IPv4 (and IPv4-mapped IPv6) addresses count by themselves.
 */
final class ClientPrefix {

    private ClientPrefix() {
    }

    static String of(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null || bytes.length != 16) {
            return address;
        }
        boolean v4Mapped = true;
        for (int i = 0; i < 10; i++) {
            v4Mapped &= bytes[i] == 0;
        }
        v4Mapped &= bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
        if (v4Mapped) {
            return (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "." + (bytes[15] & 0xff);
        }
        for (int i = 8; i < 16; i++) {
            bytes[i] = 0;
        }
        return NetUtil.bytesToIpAddress(bytes) + "/64";
    }
}
