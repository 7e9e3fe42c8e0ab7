package io.vigil.server;

/**
 * Where an address is: a CIDR-to-country CSV ({@link GeoTable}) or MaxMind-format databases
 * ({@link MaxMindGeo}: country and location, and the autonomous system).
 */
public interface Geo {

    /** No data: every lookup answers null. */
    Geo NONE = GeoTable.EMPTY;

    /** The place of an address literal, or null when unknown (or not an address). Called on event loops: no I/O. */
    Place find(String address);

    boolean isEmpty();

    /**
     * @param country ISO 3166 code, or null when only the network is known
     * @param latitude NaN when unknown
     * @param asn the autonomous system number, 0 when unknown
     */
    record Place(String country, double latitude, double longitude, long asn) {

        public boolean located() {
            return !Double.isNaN(latitude);
        }
    }

    /** Great-circle distance in km. */
    static double km(Place a, Place b) {
        double p1 = Math.toRadians(a.latitude());
        double p2 = Math.toRadians(b.latitude());
        double dp = p2 - p1;
        double dl = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
