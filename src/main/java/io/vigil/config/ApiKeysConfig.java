package io.vigil.config;

import java.time.Duration;

/**
 * API keys ({@code auth: [apikey]} on a route). Keys are stored only as HMAC-SHA-256 under
 * {@code pepper}, which lives here (from the environment), never in the store: a stolen database
 * alone does not let anyone check guesses.
 *
 * @param pepper at least 32 characters; changing it invalidates every key
 * @param header a header that may carry the key besides {@code Authorization: ApiKey …}
 * @param environment the {@code <env>} part of new keys ({@code vgl_<env>_…}), 1–8 of [a-z0-9]
 * @param rotationGrace how long a rotated-out key keeps working
 * @param queryParameter the query parameter read on routes with {@code apiKeyInQuery: true}
 */
public record ApiKeysConfig(
        @Required String pepper,
        @Default("X-API-Key") String header,
        @Default("live") String environment,
        @Default("24h") Duration rotationGrace,
        @Default("api_key") String queryParameter) {

    public ApiKeysConfig {
        if (pepper != null && pepper.length() < 32) {
            throw new IllegalArgumentException("pepper: too short (expected: at least 32 characters, from the"
                    + " environment: pepper: ${VIGIL_API_KEY_PEPPER})");
        }
        if (environment != null && !environment.matches("[a-z0-9]{1,8}")) {
            throw new IllegalArgumentException("environment: '" + environment + "' (expected: 1-8 of a-z, 0-9)");
        }
        if (header != null && !header.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("header: '" + header + "' is not a header name");
        }
    }
}
