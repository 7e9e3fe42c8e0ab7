package io.vigil.auth;

import io.vertx.core.Future;
import io.vigil.pipeline.Exchange;

/**
 * One way of proving who is calling. Its {@link #id()} is the word routes use in {@code auth:}.
 * Authenticators that need I/O (JWKS, introspection) return a pending future; the rest return a
 * completed one.
 */
public interface Authenticator {

    String id();

    Future<AuthOutcome> authenticate(Exchange exchange);

    /**
     * The {@code WWW-Authenticate} challenge to send when no credential at all was presented,
     * or null when this method has none (RFC 7235 §4.1).
     */
    default String challenge() {
        return null;
    }
}
