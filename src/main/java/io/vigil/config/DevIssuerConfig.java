package io.vigil.config;

import java.time.Duration;

/**
 * A development token issuer served by the admin listener: for demos and local testing only.
 * It is off unless this section is present ({@code vigil demo} writes it); {@code vigil check}
 * warns when it is on. Pair it with an identity provider whose {@code issuer} is the same URL.
 *
 * @param issuer its URL on the admin listener, e.g. {@code http://127.0.0.1:9090/dev-issuer};
 *     discovery and the JWKS are served under that path
 * @param keyFile its ES256 private key (JWK), created on first start, readable by the owner only
 * @param audience the {@code aud} of minted tokens unless the request names another
 * @param maxTtl the longest lifetime a minted token may have
 */
public record DevIssuerConfig(
        @Required String issuer,
        @Required String keyFile,
        @Default("vigil") String audience,
        @Default("1h") Duration maxTtl) {
}
