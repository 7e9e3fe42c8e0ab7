package io.vigil.risk;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vigil.audit.DecisionRecord;
import io.vigil.auth.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Sessions seen recently (tokens naming a {@code sid}), for {@code GET /admin/api/sessions}: who,
 * since when, how many requests, the last score and address. Bounded (the most recently active
 * {@link #MAX}, a day of inactivity forgotten); fed by the baseline feed's thread.
 */
public final class Sessions {

    public static final int MAX = 100_000;

    /** One session's activity; fields written by one thread, read by the admin API. */
    public static final class Session {
        public final String id;
        public final String issuer;
        public final String subject;
        public final long firstSeen;
        volatile long lastSeen;
        volatile long requests;
        volatile int lastScore;
        volatile String lastClient;
        /** The network (/24, /48) the session's first request came from. */
        volatile String firstNetwork;
        /** Its own request rate, for a spike against the session's history rather than the identity's. */
        final SessionRate rate = new SessionRate();

        Session(String id, String issuer, String subject, long firstSeen) {
            this.id = id;
            this.issuer = issuer;
            this.subject = subject;
            this.firstSeen = firstSeen;
        }

        public long lastSeen() {
            return lastSeen;
        }

        public long requests() {
            return requests;
        }

        public int lastScore() {
            return lastScore;
        }

        public String lastClient() {
            return lastClient;
        }

        public String firstNetwork() {
            return firstNetwork;
        }
    }

    private final Cache<String, Session> byId = Caffeine.newBuilder().maximumSize(MAX)
            .expireAfterAccess(Duration.ofDays(1)).executor(Runnable::run).build();

    void observe(DecisionRecord r) {
        Principal p = r.principal();
        if (p == null || p.sessionId() == null) {
            return;
        }
        Session s = byId.get(p.issuer() + " " + p.sessionId(), k -> new Session(p.sessionId(), p.issuer(), p.subject(), r.time()));
        s.lastSeen = Math.max(s.lastSeen, r.time());
        s.requests++;
        s.lastScore = r.risk() == null ? 0 : r.risk().score();
        s.lastClient = r.client();
        s.rate.observe(r.time(), Baselines.JUDGED.contains(r.reason()));
        if (s.firstNetwork == null) {
            s.firstNetwork = Baselines.network(r.client());
        }
    }

    /** The session {@code sid} of {@code issuer}, if seen recently. */
    Session find(String issuer, String sid) {
        return byId.getIfPresent(issuer + " " + sid);
    }

    /** Most recently active first. */
    public List<Session> recent(int limit) {
        List<Session> all = new ArrayList<>(byId.asMap().values());
        all.sort(Comparator.comparingLong(Session::lastSeen).reversed());
        return all.size() > limit ? all.subList(0, limit) : all;
    }

    /** Sessions with this id (one per issuer that used it). */
    public List<Session> withId(String sid) {
        return byId.asMap().values().stream().filter(s -> s.id.equals(sid)).toList();
    }

    public void forget(Session session) {
        byId.invalidate(session.issuer + " " + session.id);
    }
}
