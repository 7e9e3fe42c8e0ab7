package io.vigil.risk;

import io.vigil.server.Geo;
import io.vigil.pipeline.Exchange;
import java.util.List;

/**
 * Where the request comes from against where the caller has been: a country it has never come
 * from (once its baseline is warm), and impossible travel: two requests farther apart than
 * {@value #MIN_KM} km that a traveller at {@value #MAX_KMH} km/h could not have made.
 */
final class GeoSignal implements Signal {

    static final double MAX_KMH = 1_000;
    static final double MIN_KM = 500;

    private final Weights weights;
    private final Baselines baselines;
    private final Geo geo;

    GeoSignal(Weights weights, Baselines baselines, Geo geo) {
        this.weights = weights;
        this.baselines = baselines;
        this.geo = geo;
    }

    @Override
    public void assess(Exchange exchange, List<Factor> out) {
        Geo.Place here = geo.find(exchange.clientAddress());
        Baseline b = here == null ? null : baselines.of(exchange.principal());
        if (b == null) {
            return;
        }
        if (here.country() != null && b.requests() >= BehaviourSignal.WARM_REQUESTS && !b.usedCountry(here.country())) {
            out.add(new Factor("network.new_country", weights.of("network.new_country"), "first request from " + here.country()));
        }
        Geo.Place before = b.lastPlace();
        if (before != null && here.located()) {
            double km = Geo.km(before, here);
            double hours = Math.max(1.0 / 60, (exchange.startEpochMillis() - b.lastPlaceTime()) / 3_600_000.0);
            if (km > MIN_KM && km / hours > MAX_KMH) {
                out.add(new Factor("network.impossible_travel", weights.of("network.impossible_travel"),
                        Math.round(km) + " km from " + before.country() + " in " + Math.round(hours * 60) + " min"));
            }
        }
    }
}
