package io.vigil.risk;

import io.vigil.server.Geo;
import io.vigil.authz.NetworkTags;
import io.vigil.authz.PolicyFunctions;
import io.vigil.config.RiskConfig;
import io.vigil.pipeline.Exchange;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Sums the factors of every signal into a 0–100 score. Contextual signals today (authentication
 * strength, device posture, network, time of day); behaviour against each caller's own baseline
 * plugs in as further signals.
 */
public final class RiskEngine {

    private final List<Signal> signals;

    public RiskEngine(List<Signal> signals) {
        this.signals = List.copyOf(signals);
    }

    /** The engine a {@code risk:} section describes. */
    public static RiskEngine of(RiskConfig config, NetworkTags networks, ZoneId zone) {
        return of(config, networks, zone, null);
    }

    /** @param baselines the gateway's per-identity baselines, or null for contextual signals only */
    public static RiskEngine of(RiskConfig config, NetworkTags networks, ZoneId zone, Baselines baselines) {
        return of(config, networks, zone, baselines, Geo.NONE);
    }

    /** @param geo where addresses are, for new countries and impossible travel */
    public static RiskEngine of(RiskConfig config, NetworkTags networks, ZoneId zone, Baselines baselines, Geo geo) {
        Weights weights = new Weights(config.weights());
        List<Signal> signals = new ArrayList<>();
        signals.add(new AuthenticationSignal(weights, config.stepUpAcr()));
        signals.add(new DeviceSignal(weights));
        signals.add(new NetworkSignal(weights, networks, config.knownBadNetworks(), config.trustedNetworks(), geo,
                config.knownBadAsns()));
        RiskConfig.BusinessHours hours = config.businessHours();
        if (hours != null) {
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            for (String day : hours.days()) {
                days.add(day(day));
            }
            signals.add(new TimeSignal(weights, zone, days, PolicyFunctions.minuteOfDay(hours.from()),
                    PolicyFunctions.minuteOfDay(hours.to())));
        }
        if (baselines != null) {
            signals.add(new FingerprintSignal(weights, baselines.fingerprints()));
            signals.add(new BehaviourSignal(weights, baselines, zone));
            if (!geo.isEmpty()) {
                signals.add(new GeoSignal(weights, baselines, geo));
            }
        }
        return new RiskEngine(signals);
    }

    public RiskAssessment assess(Exchange exchange) {
        List<Factor> factors = new ArrayList<>(4);
        for (Signal signal : signals) {
            signal.assess(exchange, factors);
        }
        // A weight set to 0 turns its factor off: it neither counts nor shows.
        factors.removeIf(factor -> factor.weight() == 0);
        if (factors.isEmpty()) {
            return RiskAssessment.NONE;
        }
        int score = 0;
        for (Factor factor : factors) {
            score += factor.weight();
        }
        return new RiskAssessment(Math.max(0, Math.min(100, score)), factors);
    }

    /** {@code mon} … {@code sun}. @throws IllegalArgumentException for anything else */
    public static DayOfWeek day(String text) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().substring(0, 3).equalsIgnoreCase(text)) {
                return day;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a day (mon, tue, wed, thu, fri, sat, sun)");
    }
}
