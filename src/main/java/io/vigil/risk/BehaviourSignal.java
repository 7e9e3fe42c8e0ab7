package io.vigil.risk;

import io.vigil.pipeline.Exchange;
import java.time.ZoneId;
import java.util.List;

/**
 * The caller against its own baseline, and a session against its own rate. Each factor needs enough history to mean something
 * (a newcomer's every route is "new"): rate spikes after {@value #WARM_MINUTES} active minutes,
 * new routes, steps and networks after {@value #WARM_REQUESTS} requests, unusual hours after
 * {@value #WARM_HOURS} requests and a week: an hour of the day on which the caller was active on
 * fewer than {@value #USUAL_HOUR_DAYS} days. Probing
 * (a burst of 401/403/404, or many spread over an hour) and enumeration (many distinct paths on
 * one route within a minute: BOLA scraping) count from the first request.
 */
final class BehaviourSignal implements Signal {

    static final int WARM_MINUTES = 10;
    static final int WARM_REQUESTS = 50;
    static final int WARM_HOURS = 200;
    /** An hour of the day becomes usual once the caller has been active in it on this many days. */
    static final int USUAL_HOUR_DAYS = 2;
    static final int SPIKE_MIN_REQUESTS = 30;
    static final double SPIKE_Z = 4.0;
    /** A rate up to this many times the caller's usual peak for the hour of the day is not a spike. */
    static final double SEASONAL_HEADROOM = 1.5;
    /** A volume spike needs at least this much in the last minute: small responses never worry anyone. */
    static final long VOLUME_MIN_BYTES = 1L << 20;
    static final int PROBING_REFUSALS = 10;
    /** Low and slow: this many refusals within an hour is probing too, however spread out. */
    static final int SLOW_PROBING_REFUSALS = 20;
    static final long WEEK_MILLIS = 7 * 86_400_000L;
    static final int ENUMERATION_PATHS = 30;
    /** Random Cut Forest scores: about 1 is ordinary, 3 and more stands out. */
    static final double ANOMALY_SCORE = 3.0;

    private final Weights weights;
    private final Baselines baselines;
    private final ZoneId zone;

    BehaviourSignal(Weights weights, Baselines baselines, ZoneId zone) {
        this.weights = weights;
        this.baselines = baselines;
        this.zone = zone;
    }

    private int usualPeak(Baseline b, long now) {
        java.time.ZonedDateTime local = java.time.Instant.ofEpochMilli(now).atZone(zone);
        return b.usualPeak(local.getHour(), local.toLocalDate().toEpochDay());
    }

    /**
     * Per session: a session that began on one network and goes on from another this caller has
     * never used (moving between home and office is not it; a hijacked session usually is).
     */
    private void sessionMoved(Exchange exchange, String network, List<Factor> out) {
        io.vigil.auth.Principal p = exchange.principal();
        if (p.sessionId() == null) {
            return;
        }
        Sessions.Session session = baselines.sessions().find(p.issuer(), p.sessionId());
        if (session != null && session.firstNetwork() != null && !session.firstNetwork().equals(network)) {
            out.add(new Factor("behaviour.session_moved", weights.of("behaviour.session_moved"),
                    "session began on " + session.firstNetwork() + ", now " + network));
        }
    }

    /**
     * Per session: one session far above its own usual rate while the identity's total is not
     * (counted only then, so one burst does not weigh twice).
     */
    private void sessionRateSpike(Exchange exchange, long now, List<Factor> out) {
        io.vigil.auth.Principal p = exchange.principal();
        if (p.sessionId() == null) {
            return;
        }
        Sessions.Session session = baselines.sessions().find(p.issuer(), p.sessionId());
        if (session == null || session.rate.activeMinutes() < WARM_MINUTES) {
            return;
        }
        SessionRate rate = session.rate;
        int count = rate.lastMinute(now) + 1;
        double z = (count - rate.mean()) / Math.max(1.0, rate.std());
        if (count >= SPIKE_MIN_REQUESTS && z >= SPIKE_Z) {
            out.add(new Factor("behaviour.session_rate_spike", weights.of("behaviour.session_rate_spike"),
                    String.format("%d/min in this session vs its usual %.1f (z %.1f)", count, rate.mean(), z)));
        }
    }

    @Override
    public void assess(Exchange exchange, List<Factor> out) {
        Baseline b = baselines.of(exchange.principal());
        if (b == null) {
            return;
        }
        long now = exchange.startEpochMillis();
        String route = exchange.route() == null ? null : exchange.route().id();
        boolean spiked = false;
        if (b.activeMinutes() >= WARM_MINUTES) {
            int count = b.requestsInLastMinute(now) + 1;
            double z = (count - b.meanPerMinute()) / Math.max(1.0, b.stdPerMinute());
            // Seasonality: as busy as this hour of the day usually gets (a nightly batch) is no spike.
            // Checked last: the local time is worked out only for the rare request that is a spike otherwise.
            if (count >= SPIKE_MIN_REQUESTS && z >= SPIKE_Z && count > usualPeak(b, now) * SEASONAL_HEADROOM) {
                // Twice the weight at z 8, three times from z 16: a service at 150 times its usual rate is scraping.
                double scale = Math.min(3, Math.max(1, Math.log(z / 2) / Math.log(2)));
                out.add(new Factor("behaviour.rate_spike", (int) Math.round(weights.of("behaviour.rate_spike") * scale),
                        String.format("%d/min vs usual %.1f (z %.1f)", count, b.meanPerMinute(), z)));
                spiked = true;
            }
        }
        if (!spiked) {
            sessionRateSpike(exchange, now, out);
        }
        if (b.activeMinutes() >= WARM_MINUTES) {
            long bytes = b.bytesInLastMinute(now);
            double z = (bytes - b.meanBytesPerMinute()) / Math.max(64 * 1024.0, b.stdBytesPerMinute());
            if (bytes >= VOLUME_MIN_BYTES && z >= SPIKE_Z) {
                out.add(new Factor("behaviour.volume_spike", weights.of("behaviour.volume_spike"),
                        String.format("%d KiB in 60 s vs usual %.0f KiB (z %.1f)", bytes / 1024, b.meanBytesPerMinute() / 1024, z)));
            }
        }
        double anomaly = b.anomaly(now);
        if (anomaly >= ANOMALY_SCORE) {
            out.add(new Factor("behaviour.anomaly", weights.of("behaviour.anomaly"),
                    "anomaly score " + Math.round(anomaly * 10) / 10.0 + " in the last minute"));
        }
        int refusals = b.refusalsBefore(now, Baseline.WINDOW_MILLIS);
        int slow = refusals >= PROBING_REFUSALS ? 0 : b.refusalsBefore(now, Baseline.PROBING_HOUR);
        if (refusals >= PROBING_REFUSALS) {
            out.add(new Factor("behaviour.probing", weights.of("behaviour.probing"), refusals + " refusals in 60 s"));
        } else if (slow >= SLOW_PROBING_REFUSALS) {
            out.add(new Factor("behaviour.probing", weights.of("behaviour.probing"), slow + " refusals in 1 h"));
        }
        if (route != null) {
            int distinct = b.distinctPaths(route, now);
            if (distinct >= ENUMERATION_PATHS) {
                out.add(new Factor("behaviour.enumeration", weights.of("behaviour.enumeration"),
                        distinct + " distinct paths on " + route + " in 60 s"));
            }
        }
        if (b.requests() >= WARM_REQUESTS) {
            if (route != null && !b.usedRoute(route)) {
                out.add(new Factor("behaviour.new_endpoint", weights.of("behaviour.new_endpoint"), "first use of " + route));
            } else if (route != null && b.lastRoute() != null && !b.usedTransition(b.lastRoute(), route)) {
                out.add(new Factor("behaviour.unusual_sequence", weights.of("behaviour.unusual_sequence"),
                        b.lastRoute() + " then " + route));
            }
            String network = Baselines.network(exchange.clientAddress());
            if (network != null && !b.usedNetwork(network)) {
                out.add(new Factor("behaviour.new_network", weights.of("behaviour.new_network"), "first request from " + network));
                sessionMoved(exchange, network, out);
            }
        }
        if (b.requests() >= WARM_HOURS && now - b.firstSeen() >= WEEK_MILLIS) {
            int days = b.daysAtHour(Baselines.hourOfWeek(now, zone) % 24);
            if (days < USUAL_HOUR_DAYS) {
                out.add(new Factor("behaviour.unusual_hour", weights.of("behaviour.unusual_hour"),
                        days == 0 ? "never active at this hour" : "active at this hour on 1 day before"));
            }
        }
    }
}
