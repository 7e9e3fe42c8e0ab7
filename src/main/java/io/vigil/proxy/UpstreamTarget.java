package io.vigil.proxy;

import io.vertx.core.net.SocketAddress;

/**
 * One upstream server and what the gateway currently believes about it. Mutated only on the
 * event loops; the counters are volatile-free because a stale read costs at most one badly
 * balanced request, never a wrong answer.
 */
public final class UpstreamTarget {

    private final String url;
    private final String host;
    private final int port;
    private final boolean ssl;
    private final SocketAddress address;
    private final String authority;

    private final java.util.concurrent.atomic.AtomicInteger outstanding = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean healthy = true;
    private volatile long ejectedUntilNanos;
    private int consecutiveFailures;
    private int healthStreak;

    UpstreamTarget(String url) {
        java.net.URI uri = java.net.URI.create(url);
        String scheme = uri.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("target: " + url + " (expected: http://host:port or https://host:port)");
        }
        if (uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
                || uri.getQuery() != null) {
            throw new IllegalArgumentException("target: " + url + " (expected: scheme, host and port only)");
        }
        this.url = url;
        this.host = uri.getHost();
        this.ssl = scheme.equals("https");
        this.port = uri.getPort() > 0 ? uri.getPort() : (ssl ? 443 : 80);
        this.address = SocketAddress.inetSocketAddress(port, host);
        this.authority = (ssl && port == 443) || (!ssl && port == 80) ? host : host + ":" + port;
    }

    public String url() {
        return url;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean ssl() {
        return ssl;
    }

    SocketAddress address() {
        return address;
    }

    /** The Host header value for requests to this target. */
    public String authority() {
        return authority;
    }

    public int outstanding() {
        return outstanding.get();
    }

    void acquired() {
        outstanding.incrementAndGet();
    }

    void released() {
        outstanding.decrementAndGet();
    }

    public boolean healthy() {
        return healthy;
    }

    public boolean ejected(long nowNanos) {
        return ejectedUntilNanos - nowNanos > 0;
    }

    /** Usable: healthy by active checks and not passively ejected. */
    boolean available(long nowNanos) {
        return healthy && !ejected(nowNanos);
    }

    synchronized void recordSuccess() {
        consecutiveFailures = 0;
    }

    /** @return true when this failure ejected the target */
    synchronized boolean recordFailure(int threshold, long ejectNanos, long nowNanos) {
        if (++consecutiveFailures >= threshold) {
            consecutiveFailures = 0;
            ejectedUntilNanos = nowNanos + ejectNanos;
            return true;
        }
        return false;
    }

    /** Folds one active health check into the state; returns true when the state flipped. */
    synchronized boolean recordHealthCheck(boolean ok, int healthyThreshold, int unhealthyThreshold) {
        if (ok == healthy) {
            healthStreak = 0;
            return false;
        }
        healthStreak++;
        if (healthStreak >= (ok ? healthyThreshold : unhealthyThreshold)) {
            healthy = ok;
            healthStreak = 0;
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return url;
    }
}
