package io.vigil.config;

import java.time.Duration;
import java.util.List;

/**
 * The data-plane listener.
 *
 * @param listen {@code host:port}
 * @param trustedProxies CIDRs whose {@code Forwarded}/{@code X-Forwarded-*} headers and PROXY
 *     protocol headers are believed; everyone else's are dropped
 * @param proxyProtocol require a PROXY protocol v1/v2 header on every connection; connections
 *     from peers outside {@code trustedProxies} are closed
 * @param allowH2cUpgrade let cleartext HTTP/1.1 clients send {@code Upgrade: h2c} (refused by
 *     default: it smuggles requests past proxies that do not understand it)
 */
public record ServerConfig(
        @Default("127.0.0.1:8080") String listen,
        @OptionalSection TlsConfig tls,
        @Default("true") boolean http2,
        boolean allowH2cUpgrade,
        boolean proxyProtocol,
        List<String> trustedProxies,
        @Default("60s") Duration idleTimeout,
        @Default("1.1 vigil") String via,
        LimitsConfig limits) {

    /** Request limits; each breach gets its own status (414, 431, 413, 408). */
    public record LimitsConfig(
            @Default("8192") int maxUriLength,
            @Default("16KiB") DataSize maxHeaderSize,
            @Default("100") int maxHeaderCount,
            @Default("10MiB") DataSize maxBodySize,
            @Default("10s") Duration headerReadTimeout,
            @Default("30s") Duration bodyIdleTimeout,
            @Default("100") int http2MaxConcurrentStreams,
            @Default("200") int http2MaxResetsPerWindow,
            @Default("30s") Duration http2ResetWindow) {

        public LimitsConfig {
            if (maxUriLength < 64) {
                throw new IllegalArgumentException("maxUriLength: " + maxUriLength + " (expected: >= 64)");
            }
            if (maxHeaderCount < 8) {
                throw new IllegalArgumentException("maxHeaderCount: " + maxHeaderCount + " (expected: >= 8)");
            }
        }
    }

    /**
     * PEM files for the listener's certificate chain and private key; optionally client
     * certificates (mTLS): requested ({@code optional}) or demanded ({@code required}) from
     * callers, verified against {@code clientCa}, with an optional CRL file.
     */
    public record TlsConfig(@Required String cert, @Required String key, @Default("none") ClientAuth clientAuth,
            String clientCa, String crl) {
    }

    public enum ClientAuth { NONE, OPTIONAL, REQUIRED }
}
