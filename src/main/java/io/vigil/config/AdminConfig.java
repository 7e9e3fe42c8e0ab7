package io.vigil.config;

/**
 * The admin listener: never the data port.
 *
 * @param token bearer token for {@code /admin/api/*} and {@code /metrics} (use
 *     {@code ${VIGIL_ADMIN_TOKEN}})
 * @param tls serve the admin listener over TLS; with {@code clientCa}, callers must present a
 *     certificate issued by it (mTLS), which is enough on its own to call the admin API
 *
 * <p>Off loopback, a token or mTLS is required: the gateway refuses to start otherwise.
 */
public record AdminConfig(@Default("127.0.0.1:9090") String listen, String token, @OptionalSection TlsConfig tls) {

    /** PEM files: the listener's certificate and key, and optionally the CA for client certificates. */
    public record TlsConfig(@Required String cert, @Required String key, String clientCa) {
    }

    public boolean mutualTls() {
        return tls != null && tls.clientCa() != null && !tls.clientCa().isBlank();
    }
}
