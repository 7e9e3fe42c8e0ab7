package io.vigil.server;

import io.netty.util.NetUtil;

/**
 * The network an address belongs to, at a chosen prefix length per family: what per-IP limits
 * count by (an IPv6 client usually holds a whole /64 and can pick a fresh address per request)
 * and what "a new network for this caller" compares. IPv4-mapped IPv6 addresses are IPv4.
 */
public final class AddressPrefix {

    private AddressPrefix() {
    }

    /**
     * @return the address itself when the prefix is the whole address, else {@code network/prefix};
     *     anything that is not an address literal comes back unchanged
     */
    public static String of(String address, int ipv4Bits, int ipv6Bits) {
        if (address == null) {
            return null;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            return address;
        }
        if (bytes.length == 16 && isV4Mapped(bytes)) {
            bytes = java.util.Arrays.copyOfRange(bytes, 12, 16);
        }
        int bits = bytes.length == 4 ? ipv4Bits : ipv6Bits;
        if (bits >= bytes.length * 8) {
            return NetUtil.bytesToIpAddress(bytes);
        }
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            bytes[i] &= (byte) (0xff << (8 - keep));
        }
        return NetUtil.bytesToIpAddress(bytes) + "/" + bits;
    }

    private static boolean isV4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }
}
