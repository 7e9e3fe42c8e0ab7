package io.vigil.pipeline;

import static java.util.Objects.requireNonNull;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.auth.Principal;
import io.vigil.route.Route;
import io.vigil.route.RouteMatch;
import io.vigil.server.NormalizedPath;
import java.util.List;

/**
 * Everything the gateway knows about one request, in typed fields. Built by {@code server/} when
 * the request head arrives, enriched by each stage, closed by {@code audit/} when the response
 * is done. Confined to the request's event loop, so it needs no synchronisation.
 */
public final class Exchange {

    // The request as received; fixed at construction.
    private final String requestId;
    private final long startNanos;
    private final long startEpochMillis;
    private final String method;
    private final String rawTarget;
    private final String scheme;
    private final String host;
    private final String authority;
    private final MultiMap headers;
    private final String clientAddress;
    private final String peerAddress;
    private final boolean trustedPeer;
    private final HttpServerRequest serverRequest;

    // Filled in by stages.
    private NormalizedPath normalizedPath;
    private String query;
    private RouteMatch.Found match;
    private Principal principal;
    private io.vigil.auth.mtls.ClientCertificate clientCertificate;
    private io.vigil.server.tls.TlsFingerprint tlsFingerprint;
    private Decision.Deny denial;
    private List<Decision.Deny> wouldDeny = List.of();
    private List<String> responseHeaders;
    private Object[] attributes;
    private io.vertx.core.buffer.Buffer body;

    // Filled in by the proxy and the response path.
    private int status;
    private Reason outcome = Reason.ALLOWED;
    private String upstreamTarget;
    private String requestContentType;
    private String responseContentType;
    private long upstreamNanos = -1;
    private long responseBytes;
    private long endNanos;

    private Exchange(Builder b) {
        this.requestId = requireNonNull(b.requestId, "requestId");
        this.startNanos = b.startNanos;
        this.startEpochMillis = b.startEpochMillis;
        this.method = requireNonNull(b.method, "method");
        this.rawTarget = requireNonNull(b.rawTarget, "rawTarget");
        this.scheme = requireNonNull(b.scheme, "scheme");
        this.host = b.host;
        this.authority = b.authority;
        this.headers = requireNonNull(b.headers, "headers");
        this.clientAddress = requireNonNull(b.clientAddress, "clientAddress");
        this.peerAddress = b.peerAddress == null ? b.clientAddress : b.peerAddress;
        this.trustedPeer = b.trustedPeer;
        this.serverRequest = b.serverRequest;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String requestId() {
        return requestId;
    }

    public long startNanos() {
        return startNanos;
    }

    public long startEpochMillis() {
        return startEpochMillis;
    }

    /** Upper-case method as sent. */
    public String method() {
        return method;
    }

    /** The request target exactly as received; never used for decisions, only for logs. */
    public String rawTarget() {
        return rawTarget;
    }

    public String scheme() {
        return scheme;
    }

    /** Lower-case host without port, or null when the request named none. */
    public String host() {
        return host;
    }

    /** Host and port as the client sent them, or null. */
    public String authority() {
        return authority;
    }

    public MultiMap headers() {
        return headers;
    }

    /** The client's address: the peer's, or the one a trusted proxy vouched for. */
    public String clientAddress() {
        return clientAddress;
    }

    /** The address of the TCP peer (after a trusted PROXY protocol header). */
    public String peerAddress() {
        return peerAddress;
    }

    /** Whether the peer is a configured trusted proxy whose forwarding headers count. */
    public boolean trustedPeer() {
        return trustedPeer;
    }

    /** The live request, or null in tests that build an exchange without a socket. */
    public HttpServerRequest serverRequest() {
        return serverRequest;
    }

    public NormalizedPath normalizedPath() {
        return normalizedPath;
    }

    /** The path every decision and the upstream use: the one the route matched. */
    public String path() {
        if (match != null) {
            return match.path();
        }
        return normalizedPath == null ? null : normalizedPath.value();
    }

    /** Raw query string (without '?'), or null. */
    public String query() {
        return query;
    }

    public void normalized(NormalizedPath path, String query) {
        this.normalizedPath = requireNonNull(path, "path");
        this.query = query;
    }

    public RouteMatch.Found match() {
        return match;
    }

    public Route route() {
        return match == null ? null : match.route();
    }

    public List<String> pathParams() {
        return match == null ? List.of() : match.params();
    }

    public void matched(RouteMatch.Found match) {
        this.match = requireNonNull(match, "match");
    }

    /** The verified client certificate of this connection, or null (no TLS, or none presented). */
    public io.vigil.auth.mtls.ClientCertificate clientCertificate() {
        return clientCertificate;
    }

    public void clientCertificate(io.vigil.auth.mtls.ClientCertificate certificate) {
        this.clientCertificate = certificate;
    }

    /** The client's TLS fingerprint (from its ClientHello), or null (no TLS, or it could not be read). */
    public io.vigil.server.tls.TlsFingerprint tlsFingerprint() {
        return tlsFingerprint;
    }

    public void tlsFingerprint(io.vigil.server.tls.TlsFingerprint fingerprint) {
        this.tlsFingerprint = fingerprint;
    }

    public Principal principal() {
        return principal;
    }

    public void principal(Principal principal) {
        this.principal = requireNonNull(principal, "principal");
    }

    public Decision.Deny denial() {
        return denial;
    }

    public void denied(Decision.Deny denial) {
        this.denial = requireNonNull(denial, "denial");
        this.outcome = denial.reason();
    }

    /** Denials that controls in dry-run would have made, in pipeline order; empty when none. */
    public List<Decision.Deny> wouldDeny() {
        return wouldDeny;
    }

    public void wouldDeny(Decision.Deny deny) {
        if (wouldDeny.isEmpty()) {
            wouldDeny = new java.util.ArrayList<>(2);
        }
        wouldDeny.add(requireNonNull(deny, "deny"));
    }

    /**
     * Headers a stage wants on the response to the client, whether proxied or refused (rate
     * limit state, say): name, value, name, value; null when none.
     */
    public List<String> responseHeaders() {
        return responseHeaders;
    }

    public void addResponseHeader(String name, String value) {
        if (responseHeaders == null) {
            responseHeaders = new java.util.ArrayList<>(6);
        }
        responseHeaders.add(requireNonNull(name, "name"));
        responseHeaders.add(requireNonNull(value, "value"));
    }

    /** The buffered request body, when a stage declared it needs it; null otherwise. */
    public io.vertx.core.buffer.Buffer body() {
        return body;
    }

    public void body(io.vertx.core.buffer.Buffer body) {
        this.body = requireNonNull(body, "body");
    }

    public <T> T get(Key<T> key) {
        if (attributes == null || key.index >= attributes.length) {
            return null;
        }
        return key.cast(attributes[key.index]);
    }

    public <T> void set(Key<T> key, T value) {
        if (attributes == null) {
            attributes = new Object[Math.max(8, key.index + 1)];
        } else if (key.index >= attributes.length) {
            attributes = java.util.Arrays.copyOf(attributes, key.index + 8);
        }
        attributes[key.index] = value;
    }

    public int status() {
        return status;
    }

    public Reason outcome() {
        return outcome;
    }

    /** Records how the request ended. */
    public void completed(int status, Reason outcome) {
        this.status = status;
        this.outcome = requireNonNull(outcome, "outcome");
    }

    /** The request body's {@code Content-Type} as sent, when discovery asked the proxy for it; else null. */
    public String requestContentType() {
        return requestContentType;
    }

    public void requestContentType(String type) {
        this.requestContentType = type;
    }

    /** The upstream response's {@code Content-Type}, when discovery asked the proxy for it; else null. */
    public String responseContentType() {
        return responseContentType;
    }

    public void responseContentType(String type) {
        this.responseContentType = type;
    }

    public String upstreamTarget() {
        return upstreamTarget;
    }

    public void upstreamTarget(String target) {
        this.upstreamTarget = target;
    }

    /** Nanoseconds from sending upstream to its response head, or -1 when never proxied. */
    /** Response body bytes sent to the client (proxied responses). */
    public long responseBytes() {
        return responseBytes;
    }

    public void addResponseBytes(long bytes) {
        responseBytes += bytes;
    }

    public long upstreamNanos() {
        return upstreamNanos;
    }

    public void upstreamNanos(long nanos) {
        this.upstreamNanos = nanos;
    }

    public long endNanos() {
        return endNanos;
    }

    public void ended(long nanos) {
        this.endNanos = nanos;
    }

    public static final class Builder {
        private String requestId;
        private long startNanos = System.nanoTime();
        private long startEpochMillis = System.currentTimeMillis();
        private String method;
        private String rawTarget;
        private String scheme = "http";
        private String host;
        private String authority;
        private MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        private String clientAddress;
        private String peerAddress;
        private boolean trustedPeer;
        private HttpServerRequest serverRequest;

        public Builder requestId(String v) { this.requestId = v; return this; }
        public Builder startNanos(long v) { this.startNanos = v; return this; }
        public Builder startEpochMillis(long v) { this.startEpochMillis = v; return this; }
        public Builder method(String v) { this.method = v; return this; }
        public Builder rawTarget(String v) { this.rawTarget = v; return this; }
        public Builder scheme(String v) { this.scheme = v; return this; }
        public Builder host(String v) { this.host = v; return this; }
        public Builder authority(String v) { this.authority = v; return this; }
        public Builder headers(MultiMap v) { this.headers = v; return this; }
        public Builder clientAddress(String v) { this.clientAddress = v; return this; }
        public Builder peerAddress(String v) { this.peerAddress = v; return this; }
        public Builder trustedPeer(boolean v) { this.trustedPeer = v; return this; }
        public Builder serverRequest(HttpServerRequest v) { this.serverRequest = v; return this; }

        public Exchange build() {
            return new Exchange(this);
        }
    }
}
