package io.vigil.config;

import io.vigil.pipeline.Mode;
import java.util.List;
import java.util.Map;

/**
 * Contextual risk scoring: each request gets a 0–100 score from weighted factors, which policies
 * read ({@code risk.score}, {@code risk.factors}) and which can demand a step-up or deny.
 *
 * @param stepUpAbove above this score a caller must have logged in with one of {@code stepUpAcr}
 *     (RFC 9470 challenge); 100 turns it off
 * @param denyAbove above this score the request is refused ({@code risk_too_high}); 100 turns it off
 * @param terminateAbove above this score the caller's session (or token, or key) is revoked for the
 *     rest of its life and an alert is raised; 100 turns it off
 * @param stepUpAcr the {@code acr} values that count as a stepped-up login
 * @param stepUpMaxAge how recent such a login must be to answer a step-up (its {@code auth_time}): a
 *     session that was strong this morning is not proof that its holder is still the person who
 *     logged in; 0 lets the acr alone answer, for identity providers whose tokens carry no auth_time
 * @param knownBadNetworks names of {@code networks:} lists whose addresses are suspect (Tor exits, abuse lists)
 * @param trustedNetworks names of {@code networks:} lists of your own; outside all of them is a small factor
 * @param businessHours when requests are expected; outside is a factor
 * @param weights factor name → weight, to override the defaults
 * @param maxIdentities behaviour baselines kept at most (least recently seen evicted first)
 * @param geoCsv a CSV of {@code cidr,country[,latitude,longitude]} rows: new-country and
 *     impossible-travel factors
 * @param anomalyBudget requests a second the anomaly model scores at most (each costs it about
 *     10-15 µs on its own thread); past it, requests are not modelled
 * @param mode {@code dryRun}: score and record, never step up or deny
 * @param geoDb a MaxMind-format City or Country database (GeoIP2, GeoLite2): country and location,
 *     instead of {@code geoCsv}
 * @param asnDb a MaxMind-format ASN database: the autonomous system of each address
 *     ({@code network.asn} in policies)
 * @param knownBadAsns autonomous systems whose addresses are suspect (bulletproof hosting, say):
 *     the {@code network.known_bad} factor
 */
public record RiskConfig(
        @Default("60") int stepUpAbove,
        @Default("85") int denyAbove,
        @Default("100") int terminateAbove,
        @Default("[mfa]") List<String> stepUpAcr,
        @Default("5m") java.time.Duration stepUpMaxAge,
        List<String> knownBadNetworks,
        List<String> trustedNetworks,
        @OptionalSection BusinessHours businessHours,
        Map<String, Integer> weights,
        @Default("100000") long maxIdentities,
        @Default("2000") int anomalyBudget,
        String geoCsv,
        @Default("enforce") Mode mode,
        String geoDb,
        String asnDb,
        List<Long> knownBadAsns) {

    public static final long DEFAULT_MAX_IDENTITIES = 100_000;

    /**
     * @param days {@code mon} … {@code sun}
     * @param from start, {@code HH:MM}
     * @param to end, {@code HH:MM} (exclusive; may be before {@code from} to span midnight)
     */
    public record BusinessHours(@Default("[mon, tue, wed, thu, fri]") List<String> days, @Default("08:00") String from,
            @Default("18:00") String to) {
    }
}
