package io.vigil.config;

import java.util.List;

/** Where alerts go besides {@code GET /admin/api/alerts}. */
public record AlertsConfig(List<Webhook> webhooks) {

    /**
     * @param url https, or http on loopback
     * @param secret at least 32 characters; signs each delivery (HMAC-SHA-256), from the environment
     * @param maxAttempts deliveries tried before an alert is dropped (backoff 1 s, 2 s, 4 s, ...)
     */
    public record Webhook(@Required String url, @Required String secret, @Default("6") int maxAttempts) {
    }
}
