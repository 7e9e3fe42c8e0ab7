package io.vigil.server;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import io.netty.util.NetUtil;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * Country, location and autonomous system from MaxMind-format databases (GeoIP2 / GeoLite2
 * City or Country, and ASN, or any database with the same fields), read with MaxMind's reader.
 * The files are memory-mapped at load; a lookup is a tree walk in memory (cached), never I/O.
 */
public final class MaxMindGeo implements Geo, AutoCloseable {

    private final Reader places;
    private final Reader networks;

    private MaxMindGeo(Reader places, Reader networks) {
        this.places = places;
        this.networks = networks;
    }

    /**
     * @param cityOrCountry a City or Country database, or null
     * @param asn an ASN database, or null
     * @throws IOException when a file cannot be read or is not a MaxMind DB
     */
    public static MaxMindGeo open(String cityOrCountry, String asn) throws IOException {
        Reader places = cityOrCountry == null ? null : reader(cityOrCountry);
        Reader networks;
        try {
            networks = asn == null ? null : reader(asn);
        } catch (IOException e) {
            if (places != null) {
                places.close();
            }
            throw e;
        }
        return new MaxMindGeo(places, networks);
    }

    private static Reader reader(String file) throws IOException {
        try {
            return new Reader(new File(file), new CHMCache(8_192));
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a MaxMind DB: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isEmpty() {
        return places == null && networks == null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Place find(String address) {
        byte[] bytes = address == null ? null : NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            return null;
        }
        InetAddress ip;
        try {
            ip = InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
        String country = null;
        double latitude = Double.NaN;
        double longitude = Double.NaN;
        long asn = 0;
        try {
            Map<String, Object> place = places == null ? null : places.get(ip, Map.class);
            if (place != null) {
                country = isoCode(place.get("country"));
                if (country == null) {
                    country = isoCode(place.get("registered_country"));
                }
                if (place.get("location") instanceof Map<?, ?> location && location.get("latitude") instanceof Number lat
                        && location.get("longitude") instanceof Number lon) {
                    latitude = lat.doubleValue();
                    longitude = lon.doubleValue();
                }
            }
            Map<String, Object> network = networks == null ? null : networks.get(ip, Map.class);
            if (network != null && network.get("autonomous_system_number") instanceof Number number) {
                asn = number.longValue();
            }
        } catch (IOException | RuntimeException e) {
            return null;    // a damaged record: unknown, like an address the database does not hold
        }
        return country == null && asn == 0 ? null : new Place(country, latitude, longitude, asn);
    }

    private static String isoCode(Object country) {
        return country instanceof Map<?, ?> m && m.get("iso_code") instanceof String code ? code : null;
    }

    @Override
    public void close() throws IOException {
        if (places != null) {
            places.close();
        }
        if (networks != null) {
            networks.close();
        }
    }
}
