package io.vigil.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.TreeMap;
import java.util.TreeSet;

/** One endpoint as JSON, the same for the admin API and {@code vigil discover}: sorted, so equal data prints equally. */
public final class EndpointJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EndpointJson() {
    }

    public static ObjectNode of(EndpointTree.Endpoint e) {
        EndpointStats s = e.stats();
        ObjectNode node = JSON.createObjectNode();
        node.put("host", e.host()).put("method", e.method()).put("template", e.template()).put("count", s.count());
        if (s.firstSeen() > 0) {
            node.put("firstSeen", Instant.ofEpochMilli(s.firstSeen()).toString())
                    .put("lastSeen", Instant.ofEpochMilli(s.lastSeen()).toString());
        }
        ObjectNode statuses = node.putObject("statuses");
        new TreeMap<>(s.statuses()).forEach((status, n) -> statuses.put(String.valueOf(status), n));
        new TreeSet<>(s.authentication()).forEach(node.putArray("authentication")::add);
        new TreeSet<>(s.issuers()).forEach(node.putArray("issuers")::add);
        new TreeSet<>(s.routes()).forEach(node.putArray("routes")::add);
        new TreeSet<>(s.sources()).forEach(node.putArray("sources")::add);
        ObjectNode types = node.putObject("contentTypes");
        s.requestTypes().forEach(types.putArray("request")::add);
        s.responseTypes().forEach(types.putArray("response")::add);
        if (!s.requestFields().isEmpty()) {
            new TreeSet<>(s.requestFields()).forEach(node.putArray("requestFields")::add);
        }
        if (s.sampled() > 0) {
            node.put("sampledBodies", s.sampled());
            new TreeSet<>(s.responseFields()).forEach(node.putArray("responseFields")::add);
            ObjectNode kinds = node.putObject("sensitiveData");
            new TreeMap<>(s.sensitive()).forEach(kinds::put);
        }
        ArrayNode classes = node.putArray("classifications");
        if (unauthenticated(s)) {
            classes.add("unauthenticated");
        }
        return node;
    }

    /** Served to a caller that presented no credentials. */
    public static boolean unauthenticated(EndpointStats s) {
        return s.authentication().contains("none");
    }
}
