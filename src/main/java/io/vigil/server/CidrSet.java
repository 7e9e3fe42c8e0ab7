package io.vigil.server;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of IPv4/IPv6 CIDR blocks, matched against address literals (never resolved by DNS).
 * Blocks are grouped by prefix length, each group a sorted array of masked networks, so a
 * lookup costs one binary search per distinct length present, not one comparison per block: a
 * Tor exit list or an abuse feed of 100,000 addresses is as cheap to check as a handful.
 */
public final class CidrSet {

    public static final CidrSet EMPTY = new CidrSet(Table.EMPTY, Table.EMPTY, 0);

    /** One address family's blocks: addresses as 128 bits (IPv4 in the top 32), grouped by prefix length. */
    private static final class Table {
        static final Table EMPTY = new Table(new int[0], new long[0][], new long[0][]);

        final int[] lengths;
        final long[][] his;
        final long[][] los;

        Table(int[] lengths, long[][] his, long[][] los) {
            this.lengths = lengths;
            this.his = his;
            this.los = los;
        }

        static Table of(Map<Integer, List<long[]>> byLength) {
            if (byLength.isEmpty()) {
                return EMPTY;
            }
            int n = byLength.size();
            int[] lengths = new int[n];
            long[][] his = new long[n][];
            long[][] los = new long[n][];
            int i = 0;
            for (Map.Entry<Integer, List<long[]>> e : byLength.entrySet()) {
                List<long[]> blocks = e.getValue();
                blocks.sort((a, b) -> compare(a[0], a[1], b[0], b[1]));
                long[] hi = new long[blocks.size()];
                long[] lo = new long[blocks.size()];
                int unique = 0;
                for (long[] block : blocks) {
                    if (unique == 0 || hi[unique - 1] != block[0] || lo[unique - 1] != block[1]) {
                        hi[unique] = block[0];
                        lo[unique] = block[1];
                        unique++;
                    }
                }
                lengths[i] = e.getKey();
                his[i] = Arrays.copyOf(hi, unique);
                los[i] = Arrays.copyOf(lo, unique);
                i++;
            }
            return new Table(lengths, his, los);
        }

        boolean contains(long hi, long lo) {
            for (int i = 0; i < lengths.length; i++) {
                int length = lengths[i];
                long maskedHi = hi & top(Math.min(length, 64));
                long maskedLo = length <= 64 ? 0 : lo & top(length - 64);
                if (search(his[i], los[i], maskedHi, maskedLo)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean search(long[] hi, long[] lo, long keyHi, long keyLo) {
            int low = 0;
            int high = hi.length - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                int c = compare(hi[mid], lo[mid], keyHi, keyLo);
                if (c == 0) {
                    return true;
                }
                if (c < 0) {
                    low = mid + 1;
                } else {
                    high = mid - 1;
                }
            }
            return false;
        }
    }

    private final Table v4;
    private final Table v6;
    private final int size;

    private CidrSet(Table v4, Table v6, int size) {
        this.v4 = v4;
        this.v6 = v6;
        this.size = size;
    }

    /** @throws IllegalArgumentException naming the entry that is not a CIDR or address */
    public static CidrSet parse(List<String> cidrs) {
        Map<Integer, List<long[]>> v4 = new TreeMap<>();
        Map<Integer, List<long[]>> v6 = new TreeMap<>();
        for (String cidr : cidrs) {
            String[] parts = cidr.trim().split("/", 2);
            byte[] network = NetUtil.createByteArrayFromIpAddressString(parts[0]);
            if (network == null) {
                throw new IllegalArgumentException("'" + cidr + "' is not an IP address or CIDR block");
            }
            int prefix = network.length * 8;
            if (parts.length == 2) {
                try {
                    prefix = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > network.length * 8) {
                    throw new IllegalArgumentException("'" + cidr + "' has an invalid prefix length");
                }
            }
            long hi = high(network);
            long lo = low(network);
            long[] block = {hi & top(Math.min(prefix, 64)), prefix <= 64 ? 0 : lo & top(prefix - 64)};
            (network.length == 4 ? v4 : v6).computeIfAbsent(prefix, p -> new ArrayList<>()).add(block);
        }
        return new CidrSet(Table.of(v4), Table.of(v6), cidrs.size());
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** False for anything that is not an IP literal. */
    public boolean contains(String address) {
        if (size == 0 || address == null) {
            return false;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            return false;
        }
        if (bytes.length == 16 && isV4Mapped(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        return (bytes.length == 4 ? v4 : v6).contains(high(bytes), low(bytes));
    }

    /** The first 64 bits of an address (an IPv4 address fills the top 32). */
    private static long high(byte[] b) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (i < b.length ? b[i] & 0xff : 0);
        }
        return v;
    }

    private static long low(byte[] b) {
        long v = 0;
        for (int i = 8; i < 16; i++) {
            v = (v << 8) | (i < b.length ? b[i] & 0xff : 0);
        }
        return v;
    }

    /** A mask of the top {@code bits} bits of 64. */
    private static long top(int bits) {
        return bits == 0 ? 0 : -1L << (64 - bits);
    }

    private static int compare(long hiA, long loA, long hiB, long loB) {
        int c = Long.compareUnsigned(hiA, hiB);
        return c != 0 ? c : Long.compareUnsigned(loA, loB);
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }
}
