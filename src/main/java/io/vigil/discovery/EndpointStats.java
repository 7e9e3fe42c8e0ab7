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
    /** Media types ({@code application/json}), lower-case and without parameters. */
    final Set<String> requestTypes = new TreeSet<>();
    final Set<String> responseTypes = new TreeSet<>();
    /** The last raw {@code Content-Type} values seen: traffic repeats them, and re-reading them is the cost. */
    private String lastRequestType;
    private String lastResponseType;
    /** Field paths seen in sampled JSON response bodies (at most {@value #MAX_FIELDS}). */
    final Set<String> responseFields = new TreeSet<>();
    /** Kind of sensitive data (email, card_number, …) → the first field it was seen in. Never the value. */
    final Map<String, String> sensitive = new TreeMap<>();
    long sampled;
    /** Field paths seen in sampled JSON request bodies. */
    final Set<String> requestFields = new TreeSet<>();

    static final int MAX_FIELDS = 128;

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
        if (o.requestType() != null && !o.requestType().equals(lastRequestType)) {
            lastRequestType = o.requestType();
            add(requestTypes, MediaType.of(o.requestType()));
        }
        if (o.responseType() != null && !o.responseType().equals(lastResponseType)) {
            lastResponseType = o.responseType();
            add(responseTypes, MediaType.of(o.responseType()));
        }
    }

    /** What a sampled response body showed. */
    void observe(BodyShape shape) {
        sampled++;
        for (String field : shape.fields()) {
            if (responseFields.size() >= MAX_FIELDS) {
                break;
            }
            responseFields.add(field);
        }
        shape.sensitive().forEach((kind, field) -> {
            if (sensitive.size() < MAX_VALUES) {
                sensitive.putIfAbsent(kind, field);
            }
        });
    }

    void observeRequest(Set<String> fields) {
        for (String field : fields) {
            if (requestFields.size() >= MAX_FIELDS) {
                break;
            }
            requestFields.add(field);
        }
    }

    void merge(EndpointStats other) {
        mergeBodies(other);
        observeRequest(other.requestFields);
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
        other.requestTypes.forEach(v -> add(requestTypes, v));
        other.responseTypes.forEach(v -> add(responseTypes, v));
    }

    /** The sets and status counts as JSON (the store's {@code detail} column). */
    com.fasterxml.jackson.databind.node.ObjectNode detail(com.fasterxml.jackson.databind.ObjectMapper json) {
        com.fasterxml.jackson.databind.node.ObjectNode node = json.createObjectNode();
        com.fasterxml.jackson.databind.node.ObjectNode codes = node.putObject("statuses");
        statuses.forEach((status, n) -> codes.put(String.valueOf(status), n));
        authentication.forEach(node.putArray("authentication")::add);
        issuers.forEach(node.putArray("issuers")::add);
        routes.forEach(node.putArray("routes")::add);
        sources.forEach(node.putArray("sources")::add);
        if (!requestTypes.isEmpty()) {
            requestTypes.forEach(node.putArray("requestTypes")::add);
        }
        if (!responseTypes.isEmpty()) {
            responseTypes.forEach(node.putArray("responseTypes")::add);
        }
        if (!requestFields.isEmpty()) {
            requestFields.forEach(node.putArray("requestFields")::add);
        }
        if (sampled > 0) {
            node.put("sampled", sampled);
            responseFields.forEach(node.putArray("responseFields")::add);
            com.fasterxml.jackson.databind.node.ObjectNode kinds = node.putObject("sensitive");
            sensitive.forEach(kinds::put);
        }
        return node;
    }

    /** Stats read back from the store. */
    static EndpointStats restore(long count, long firstSeen, long lastSeen, com.fasterxml.jackson.databind.JsonNode detail) {
        EndpointStats s = new EndpointStats();
        s.count = count;
        s.firstSeen = firstSeen;
        s.lastSeen = lastSeen;
        detail.path("statuses").fields().forEachRemaining(e -> {
            try {
                s.statuses.put(Integer.parseInt(e.getKey()), e.getValue().asLong());
            } catch (NumberFormatException ignored) {
                // not a status: skipped
            }
        });
        detail.path("authentication").forEach(v -> add(s.authentication, v.asText()));
        detail.path("issuers").forEach(v -> add(s.issuers, v.asText()));
        detail.path("routes").forEach(v -> add(s.routes, v.asText()));
        detail.path("sources").forEach(v -> add(s.sources, v.asText()));
        detail.path("requestTypes").forEach(v -> add(s.requestTypes, MediaType.of(v.asText())));
        detail.path("responseTypes").forEach(v -> add(s.responseTypes, MediaType.of(v.asText())));
        s.sampled = detail.path("sampled").asLong(0);
        detail.path("requestFields").forEach(v -> {
            if (s.requestFields.size() < MAX_FIELDS) {
                s.requestFields.add(v.asText());
            }
        });
        detail.path("responseFields").forEach(v -> {
            if (s.responseFields.size() < MAX_FIELDS) {
                s.responseFields.add(v.asText());
            }
        });
        detail.path("sensitive").fields().forEachRemaining(e -> s.sensitive.put(e.getKey(), e.getValue().asText()));
        return s;
    }

    private void mergeBodies(EndpointStats other) {
        sampled += other.sampled;
        for (String field : other.responseFields) {
            if (responseFields.size() >= MAX_FIELDS) {
                break;
            }
            responseFields.add(field);
        }
        other.sensitive.forEach((kind, field) -> {
            if (sensitive.size() < MAX_VALUES) {
                sensitive.putIfAbsent(kind, field);
            }
        });
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

    /** Sorted copies, so that whatever prints them prints the same for the same data. */
    public Map<Integer, Long> statuses() {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(statuses));
    }

    public Set<String> authentication() {
        return java.util.Collections.unmodifiableSet(new TreeSet<>(authentication));
    }

    public Set<String> issuers() {
        return java.util.Collections.unmodifiableSet(new TreeSet<>(issuers));
    }

    public Set<String> routes() {
        return java.util.Collections.unmodifiableSet(new TreeSet<>(routes));
    }

    public Set<String> sources() {
        return java.util.Collections.unmodifiableSet(new TreeSet<>(sources));
    }

    /** Media types of the request bodies seen ({@code application/json}). */
    public Set<String> requestTypes() {
        return java.util.Collections.unmodifiableSet(new TreeSet<>(requestTypes));
    }

    /** Media types of the responses seen. */
    public Set<String> responseTypes() {
        return java.util.Collections.unmodifiableSet(new TreeSet<>(responseTypes));
    }

    public Set<String> responseFields() {
        return java.util.Collections.unmodifiableSet(new TreeSet<>(responseFields));
    }

    public Set<String> requestFields() {
        return java.util.Collections.unmodifiableSet(new TreeSet<>(requestFields));
    }

    public Map<String, String> sensitive() {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(sensitive));
    }

    public long sampled() {
        return sampled;
    }
}
