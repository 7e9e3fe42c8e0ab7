package io.vigil.risk;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Factor weights: the defaults below, overridden by {@code risk.weights}. */
public final class Weights {

    public static final Map<String, Integer> DEFAULTS = defaults();

    private final Map<String, Integer> weights;

    public Weights(Map<String, Integer> overrides) {
        Map<String, Integer> merged = new LinkedHashMap<>(DEFAULTS);
        merged.putAll(overrides);
        this.weights = Map.copyOf(merged);
    }

    public int of(String factor) {
        return weights.getOrDefault(factor, 0);
    }

    public static Set<String> names() {
        return DEFAULTS.keySet();
    }

    private static Map<String, Integer> defaults() {
        Map<String, Integer> d = new LinkedHashMap<>();
        d.put("auth.api_key", 10);          // a static secret, not a login
        d.put("auth.bearer_token", 5);      // a token that works for whoever holds a copy (no cnf, no mTLS)
        d.put("auth.no_mfa", 15);           // a user token without a second factor
        d.put("auth.stale_login", 10);      // the login (auth_time) is more than a day old
        d.put("device.noncompliant", 25);   // the identity provider says the device fails posture checks
        d.put("device.fingerprint_changed", 40);  // the session or token began on another client
        d.put("network.known_bad", 60);     // the address is on a known-bad list (Tor exits, abuse feeds)
        d.put("network.untrusted", 5);      // trusted networks are configured and this is none of them
        d.put("network.impossible_travel", 50);   // two requests too far apart for the time between them
        d.put("network.new_country", 20);         // a country this caller has never come from
        d.put("time.off_hours", 15);        // outside business hours
        d.put("behaviour.rate_spike", 25);        // far above the caller's own rate (x2 at z 8, x3 from z 16)
        d.put("behaviour.probing", 45);           // a burst of 401/403/404 answers (or many within an hour)
        d.put("behaviour.enumeration", 50);       // many distinct ids on one route within a minute (BOLA scraping)
        d.put("behaviour.volume_spike", 25);      // far more response data in a minute than the caller usually takes
        d.put("behaviour.new_endpoint", 10);      // a route this caller has never used
        d.put("behaviour.unusual_sequence", 5);   // a route-to-route step this caller has never taken
        d.put("behaviour.new_network", 15);
        d.put("behaviour.session_rate_spike", 25); // one session far above its own usual rate, though the identity's total is not
        d.put("behaviour.session_moved", 20);     // the session began on another network, and this one is new to the caller       // a network this caller has never come from
        d.put("behaviour.unusual_hour", 10);      // an hour of the week this caller is never active
        d.put("behaviour.anomaly", 20);           // the streaming model finds the caller's last request unlike its class's
        return Map.copyOf(d);
    }
}
