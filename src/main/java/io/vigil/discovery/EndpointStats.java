package io.vigil.discovery;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What has been seen of one endpoint (host, method, template): when, how often, with which
 * answers, and how callers authenticated. Bounded: at most {@value #MAX_VALUES} distinct
 * values per set. Guarded by the {@link EndpointTree} that holds it.
 */
public final class EndpointStats {

    static final int MAX_VALUES = 32;

    long firstSeen;
    long lastSeen;
    long count;
    final Map<Integer, Long> statuses = new TreeMap<>();
    /** {@code none}, {@code jwt}, {@code apikey}, {@code mtls}, … */
    final Set<String> authentication = new TreeSet<>();
    final Set<String> issuers = new TreeSet<>();
    final Set<String> routes = new TreeSet<>();
    final Set<String> sources = new TreeSet<>();

    void observe(Observation o) {
        if (count == 0 || o.time() < firstSeen) {
            firstSeen = o.time();
        }
        lastSeen = Math.max(lastSeen, o.time());
        count++;
        if (o.status() > 0 && (statuses.size() < MAX_VALUES || statuses.containsKey(o.status()))) {
            statuses.merge(o.status(), 1L, Long::sum);
        }
        add(authentication, o.authentication());
        add(issuers, o.issuer());
        add(routes, o.route());
        add(sources, o.source());
    }

    void merge(EndpointStats other) {
        if (other.count == 0) {
            return;
        }
        firstSeen = count == 0 ? other.firstSeen : Math.min(firstSeen, other.firstSeen);
        lastSeen = Math.max(lastSeen, other.lastSeen);
        count += other.count;
        other.statuses.forEach((status, n) -> {
            if (statuses.size() < MAX_VALUES || statuses.containsKey(status)) {
                statuses.merge(status, n, Long::sum);
            }
        });
        other.authentication.forEach(v -> add(authentication, v));
        other.issuers.forEach(v -> add(issuers, v));
        other.routes.forEach(v -> add(routes, v));
        other.sources.forEach(v -> add(sources, v));
    }

    private static void add(Set<String> set, String value) {
        if (value != null && set.size() < MAX_VALUES) {
            set.add(value);
        }
    }

    public long count() {
        return count;
    }

    public long firstSeen() {
        return firstSeen;
    }

    public long lastSeen() {
        return lastSeen;
    }

    public Map<Integer, Long> statuses() {
        return Map.copyOf(statuses);
    }

    public Set<String> authentication() {
        return Set.copyOf(authentication);
    }

    public Set<String> issuers() {
        return Set.copyOf(issuers);
    }

    public Set<String> routes() {
        return Set.copyOf(routes);
    }

    public Set<String> sources() {
        return Set.copyOf(sources);
    }
}
