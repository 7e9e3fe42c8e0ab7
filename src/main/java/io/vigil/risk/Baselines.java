package io.vigil.risk;

import io.vigil.server.Geo;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vigil.audit.DecisionRecord;
import io.vigil.auth.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every identity's {@link Baseline}, bounded: at most {@code maxIdentities}, the least recently
 * seen evicted first, and any not seen for 30 days forgotten. Fed with finished requests by
 * {@link io.vigil.audit.ObserverThread} on its own thread (off the hot path); read by {@link BehaviourSignal} on
 * the event loops.
 */
public final class Baselines implements Consumer<DecisionRecord> {

    private final Cache<String, Baseline> byIdentity;
    private final Sessions sessions = new Sessions();
    private final Fingerprints fingerprints = new Fingerprints();
    private final AnomalyModel anomalies = new AnomalyModel();
    private volatile Geo geo = Geo.NONE;
    /** Off without a {@code risk:} section: nothing reads baselines then, so nothing learns them. */
    private volatile boolean enabled = true;
    /** Identities learned from since the last snapshot. */
    private final java.util.Set<String> dirty = java.util.concurrent.ConcurrentHashMap.newKeySet();
    static final int PUBLISH_BATCH = 2_000;

    /** Identities learned from since the last publish to the other nodes. */
    private final java.util.Set<String> unshared = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile BaselineShare share;
    /** Identities recently asked of the other nodes: at most one fetch per identity every 5 s (the publish interval). */
    private final Cache<String, Boolean> asked = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofSeconds(5)).executor(Runnable::run).build();
    private volatile BaselineStore store;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Baselines.class);
    private volatile ZoneId zone = ZoneId.of("UTC");

    public Baselines(long maxIdentities) {
        this.byIdentity = Caffeine.newBuilder().maximumSize(maxIdentities).expireAfterAccess(Duration.ofDays(30))
                .executor(Runnable::run).build();
    }

    /** Changes the bound (the config's {@code risk.maxIdentities}); the least recently seen go first. */
    public void maxIdentities(long max) {
        byIdentity.policy().eviction().ifPresent(eviction -> eviction.setMaximum(max));
    }

    /** The zone hours of the week are counted in (the config's {@code timeZone}). */
    public void zone(ZoneId zone) {
        this.zone = zone;
    }

    /** The identity a baseline belongs to: an API key by its id, anyone else by issuer and subject; null for anonymous. */
    static String identity(Principal p) {
        if (p == null || p.type() == Principal.Type.ANONYMOUS) {
            return null;
        }
        if (p.type() == Principal.Type.APIKEY && p.tokenId() != null) {
            return "key " + p.tokenId();
        }
        return p.issuer() + " " + p.subject();
    }

    public Baseline of(Principal principal) {
        String identity = identity(principal);
        if (identity == null) {
            return null;
        }
        Baseline b = byIdentity.getIfPresent(identity);
        BaselineShare shared = share;
        // New here, or still young here: another node may know this caller better (asked at most every 5 s).
        if ((b == null || b.requests() < BehaviourSignal.WARM_REQUESTS) && shared != null && shared.active()
                && asked.asMap().putIfAbsent(identity, Boolean.TRUE) == null) {
            shared.fetch(identity, json -> adopt(identity, json));
        }
        return b;
    }

    /** A baseline another node published replaces ours when it has seen more of the caller. */
    private void adopt(String identity, String json) {
        Baseline theirs;
        try {
            theirs = Baseline.restore(JSON.readTree(json));
        } catch (java.io.IOException | RuntimeException e) {
            log.debug("skipping an unreadable shared baseline: {}", e.toString());
            return;
        }
        byIdentity.asMap().compute(identity, (k, ours) -> ours == null || ours.requests() < theirs.requests() ? theirs : ours);
    }

    /** Shares baselines with the other nodes through Redis ({@code cluster.redis}); null stops sharing. */
    public void share(BaselineShare share) {
        this.share = share;
    }

    /**
     * Publishes the baselines that learned something since the last call. Blocking: a worker
     * thread, every few seconds.
     *
     * @return how many were published
     */
    public int publish() throws Exception {
        BaselineShare target = share;
        if (target == null || unshared.isEmpty() || !target.active()) {
            return 0;
        }
        Map<String, Baseline.Snapshot> out = new java.util.LinkedHashMap<>();
        // A few KB each: at most PUBLISH_BATCH a round, the rest in the next ones, so Redis never gets a flood.
        for (java.util.Iterator<String> it = unshared.iterator(); it.hasNext() && out.size() < PUBLISH_BATCH; ) {
            String identity = it.next();
            it.remove();
            Baseline b = byIdentity.getIfPresent(identity);
            if (b != null) {
                out.put(identity, new Baseline.Snapshot(b.requests(), b.snapshot(JSON).toString()));
            }
        }
        try {
            return target.publish(out);
        } catch (Exception e) {
            unshared.addAll(out.keySet());
            throw e;
        }
    }

    public long size() {
        return byIdentity.estimatedSize();
    }

    /**
     * Loads the most recent snapshots from the store, so that a restart does not forget, and
     * remembers the store for {@link #snapshot()}. Blocking: at start.
     *
     * @return how many baselines were restored
     */
    public int open(javax.sql.DataSource dataSource, long maxIdentities) throws java.sql.SQLException {
        BaselineStore opened = new BaselineStore(dataSource);
        int restored = 0;
        for (Map.Entry<String, String> e : opened.load(maxIdentities).entrySet()) {
            try {
                byIdentity.put(e.getKey(), Baseline.restore(JSON.readTree(e.getValue())));
                restored++;
            } catch (java.io.IOException | RuntimeException bad) {
                log.warn("skipping an unreadable baseline snapshot: {}", bad.toString());
            }
        }
        this.store = opened;
        return restored;
    }

    /**
     * Writes the baselines that learned something since the last call. Blocking: a worker thread,
     * every minute, and at shutdown.
     *
     * @return how many were written
     */
    public int snapshot() throws java.sql.SQLException {
        BaselineStore target = store;
        if (target == null || dirty.isEmpty()) {
            return 0;
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (java.util.Iterator<String> it = dirty.iterator(); it.hasNext(); ) {
            String identity = it.next();
            it.remove();
            Baseline b = byIdentity.getIfPresent(identity);
            if (b != null) {
                out.put(identity, b.snapshot(JSON).toString());
            }
        }
        long now = System.currentTimeMillis();
        try {
            target.save(out, now);
        } catch (java.sql.SQLException e) {
            dirty.addAll(out.keySet());
            throw e;
        }
        target.sweep(now - Duration.ofDays(30).toMillis());
        return out.size();
    }

    public void enabled(boolean on) {
        this.enabled = on;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Where addresses are ({@code risk.geoCsv}), for new countries and impossible travel. */
    public void geo(Geo table) {
        this.geo = table == null ? Geo.NONE : table;
    }

    /** Points a second the anomaly model takes at most ({@code risk.anomalyBudget}). */
    public void anomalyBudget(int pointsPerSecond) {
        anomalies.budget(pointsPerSecond);
    }

    /** Requests the anomaly model skipped (over its budget). */
    public long anomalySkipped() {
        return anomalies.skipped();
    }

    /** Waits for the anomaly model to catch up (tests and benchmarks). */
    public void drainAnomalies() throws InterruptedException {
        anomalies.drain();
    }

    public Fingerprints fingerprints() {
        return fingerprints;
    }

    public Sessions sessions() {
        return sessions;
    }

    /**
     * Baselines by who they belong to, for the admin API: {@code key:<id>} for an API key, else a
     * subject (of any issuer, or of {@code issuer} when given).
     */
    public java.util.Map<String, Baseline> find(String principal, String issuer) {
        java.util.Map<String, Baseline> out = new java.util.LinkedHashMap<>();
        if (principal.startsWith("key:")) {
            Baseline b = byIdentity.getIfPresent("key " + principal.substring(4));
            if (b != null) {
                out.put("key " + principal.substring(4), b);
            }
            return out;
        }
        byIdentity.asMap().forEach((identity, baseline) -> {
            String sub = identity.substring(identity.indexOf(' ') + 1);
            if (!identity.startsWith("key ") && sub.equals(principal)
                    && (issuer == null || identity.substring(0, identity.indexOf(' ')).equals(issuer))) {
                out.put(identity, baseline);
            }
        });
        return out;
    }

    /** Learns a finished request. Called by one thread only ({@link io.vigil.audit.ObserverThread}'s, or a test's). */
    @Override
    public void accept(DecisionRecord r) {
        String identity = identity(r.principal());
        if (identity == null) {
            return;
        }
        Baseline baseline = byIdentity.get(identity, k -> new Baseline());
        dirty.add(identity);
        BaselineShare shared = share;
        // Marked even before Redis is connected: published once it is.
        if (shared != null && shared.configured()) {
            unshared.add(identity);
        }
        String network = network(r.client());
        ZonedDateTime local = Instant.ofEpochMilli(r.time()).atZone(zone);
        int hour = hourOfWeek(local);
        // Scored against the baseline as it stood before this request, like the live signals see it.
        anomalies.offer(baseline, r.principal().type(), AnomalyModel.features(baseline, r.time(), r.route(), network, hour),
                r.time());
        boolean judged = JUDGED.contains(r.reason());
        baseline.observe(r.time(), r.route(), r.path(), network, r.status(), hour, local.toLocalDate().toEpochDay(), judged,
                r.responseBytes());
        if (!judged) {
            baseline.place(r.time(), geo.find(r.client()));
        }
        baseline.score(r.time(), r.risk() == null ? 0 : r.risk().score());
        sessions.observe(r);
    }

    /** Refusals of the risk stage (and of what it revoked): not the caller's normal behaviour, so not learned. */
    static final java.util.Set<String> JUDGED = java.util.Set.of("risk_too_high", "step_up_required",
            "session_terminated", "token_revoked");

    static int hourOfWeek(long timeMillis, ZoneId zone) {
        return hourOfWeek(Instant.ofEpochMilli(timeMillis).atZone(zone));
    }

    static int hourOfWeek(ZonedDateTime local) {
        return (local.getDayOfWeek().getValue() - 1) * 24 + local.getHour();
    }

    /** The network an address belongs to for "new network": its /24 (IPv4) or /48 (IPv6). */
    static String network(String address) {
        return io.vigil.server.AddressPrefix.of(address, 24, 48);
    }
}
