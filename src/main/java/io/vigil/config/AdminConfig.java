package io.vigil.config;

/**
 * The admin listener: never the data port.
 *
 * @param token bearer token for {@code /admin/api/*}; required when {@code listen} is not a
 *     loopback address (use {@code ${VIGIL_ADMIN_TOKEN}})
 */
public record AdminConfig(@Default("127.0.0.1:9090") String listen, String token) {
}
