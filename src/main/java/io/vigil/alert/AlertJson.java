package io.vigil.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** The one JSON shape of an alert, for the admin API and webhooks alike. */
public final class AlertJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {
    }

    public static ObjectNode of(Alert a) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", a.id()).put("time", Instant.ofEpochMilli(a.time()).toString()).put("kind", a.kind())
                .put("subject", a.subject());
        if (a.issuer() != null) {
            node.put("issuer", a.issuer());
        }
        node.put("route", a.route()).put("requestId", a.requestId()).put("score", a.score());
        a.factors().forEach(node.putArray("factors")::add);
        if (a.revoked() != null) {
            node.put("revoked", a.revoked());
        }
        return node;
    }
}
