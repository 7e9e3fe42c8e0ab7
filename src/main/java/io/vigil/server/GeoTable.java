package io.vigil.server;

import io.netty.util.NetUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where an address is: country (ISO code) and, when given, coordinates, from a CSV of
 * {@code cidr,country[,latitude,longitude]} lines ({@code #} comments). Ranges must not overlap;
 * lookups are a binary search over them (IPv4 is held as IPv4-mapped IPv6, so one table serves
 * both).
 */
public final class GeoTable implements Geo {

    public static final GeoTable EMPTY = new GeoTable(new long[0], new long[0], new long[0], new long[0], new Place[0]);

    private final long[] startHi;
    private final long[] startLo;
    private final long[] endHi;
    private final long[] endLo;
    private final Place[] places;

    private GeoTable(long[] startHi, long[] startLo, long[] endHi, long[] endLo, Place[] places) {
        this.startHi = startHi;
        this.startLo = startLo;
        this.endHi = endHi;
        this.endLo = endLo;
        this.places = places;
    }

    public int size() {
        return places.length;
    }

    @Override
    public boolean isEmpty() {
        return places.length == 0;
    }

    /** @throws IllegalArgumentException naming the first bad line */
    public static GeoTable load(Path csv) throws IOException {
        record Row(long[] start, long[] end, Place place) {
        }
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s*,\\s*");
            try {
                if (f.length != 2 && f.length != 4) {
                    throw new IllegalArgumentException("expected cidr,country[,latitude,longitude]");
                }
                long[][] range = range(f[0]);
                if (!f[1].matches("[A-Z]{2}")) {
                    throw new IllegalArgumentException("'" + f[1] + "' is not a two-letter country code");
                }
                double lat = f.length == 4 ? Double.parseDouble(f[2]) : Double.NaN;
                double lon = f.length == 4 ? Double.parseDouble(f[3]) : Double.NaN;
                if (f.length == 4 && (Math.abs(lat) > 90 || Math.abs(lon) > 180)) {
                    throw new IllegalArgumentException("coordinates out of range");
                }
                rows.add(new Row(range[0], range[1], new Place(f[1], lat, lon, 0)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(csv + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        rows.sort(Comparator.<Row>comparingLong(r -> r.start()[0] ^ Long.MIN_VALUE).thenComparingLong(r -> r.start()[1] ^ Long.MIN_VALUE));
        int n = rows.size();
        long[] sh = new long[n], sl = new long[n], eh = new long[n], el = new long[n];
        Place[] places = new Place[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            sh[i] = r.start()[0];
            sl[i] = r.start()[1];
            eh[i] = r.end()[0];
            el[i] = r.end()[1];
            places[i] = r.place();
            if (i > 0 && compare(sh[i], sl[i], eh[i - 1], el[i - 1]) <= 0) {
                throw new IllegalArgumentException(csv + ": ranges overlap near " + r.place().country());
            }
        }
        return new GeoTable(sh, sl, eh, el, places);
    }

    /** The place of an address literal, or null when no range holds it (or it is not an address). */
    @Override
    public Place find(String address) {
        if (places.length == 0 || address == null) {
            return null;
        }
        long[] a = bits(NetUtil.createByteArrayFromIpAddressString(address));
        if (a == null) {
            return null;
        }
        int lo = 0;
        int hi = places.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(startHi[mid], startLo[mid], a[0], a[1]) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && compare(a[0], a[1], endHi[found], endLo[found]) <= 0 ? places[found] : null;
    }

    private static long[][] range(String cidr) {
        String[] parts = cidr.split("/", 2);
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(parts[0]);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + cidr + "' is not a CIDR block");
        }
        int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bytes.length * 8;
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("'" + cidr + "' has an invalid prefix length");
        }
        int bits = prefix + (bytes.length == 4 ? 96 : 0);
        long[] start = bits(bytes);
        long maskHi = bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
        long maskLo = bits <= 64 ? 0 : bits == 128 ? -1L : -1L << (128 - bits);
        long[] first = {start[0] & maskHi, start[1] & maskLo};
        long[] last = {first[0] | ~maskHi, first[1] | ~maskLo};
        return new long[][] {first, last};
    }

    /** An address as 128 bits (IPv4 mapped into ::ffff:0:0/96). */
    private static long[] bits(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        byte[] b = bytes;
        if (bytes.length == 4) {
            b = new byte[16];
            b[10] = (byte) 0xff;
            b[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, b, 12, 4);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xff);
            lo = (lo << 8) | (b[i + 8] & 0xff);
        }
        return new long[] {hi, lo};
    }

    private static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }
}
