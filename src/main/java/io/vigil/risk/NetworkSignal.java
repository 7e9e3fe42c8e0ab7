package io.vigil.risk;

import io.vigil.authz.NetworkTags;
import io.vigil.pipeline.Exchange;
import java.util.List;
import java.util.Set;

/**
 * Where the request comes from, by the tags of the top-level {@code networks:} lists: an address
 * on a known-bad list (or in a known-bad autonomous system) is a strong factor; with trusted lists
 * configured, an address on none of them a weak one.
 */
final class NetworkSignal implements Signal {

    private final Weights weights;
    private final NetworkTags networks;
    private final Set<String> knownBad;
    private final Set<String> trusted;
    private final io.vigil.server.Geo geo;
    private final Set<Long> badAsns;

    NetworkSignal(Weights weights, NetworkTags networks, List<String> knownBad, List<String> trusted) {
        this(weights, networks, knownBad, trusted, io.vigil.server.Geo.NONE, List.of());
    }

    NetworkSignal(Weights weights, NetworkTags networks, List<String> knownBad, List<String> trusted, io.vigil.server.Geo geo,
            List<Long> badAsns) {
        this.geo = geo;
        this.badAsns = Set.copyOf(badAsns);
        this.weights = weights;
        this.networks = networks;
        this.knownBad = Set.copyOf(knownBad);
        this.trusted = Set.copyOf(trusted);
    }

    @Override
    public void assess(Exchange exchange, List<Factor> out) {
        List<String> tags = networks.of(exchange.clientAddress());
        for (String tag : tags) {
            if (knownBad.contains(tag)) {
                out.add(new Factor("network.known_bad", weights.of("network.known_bad"), "network " + tag));
                return;
            }
        }
        if (!badAsns.isEmpty()) {
            io.vigil.server.Geo.Place place = geo.find(exchange.clientAddress());
            if (place != null && badAsns.contains(place.asn())) {
                out.add(new Factor("network.known_bad", weights.of("network.known_bad"), "AS" + place.asn()));
                return;
            }
        }
        if (!trusted.isEmpty() && tags.stream().noneMatch(trusted::contains)) {
            out.add(new Factor("network.untrusted", weights.of("network.untrusted"), "no trusted network"));
        }
    }
}
