package io.vigil.config;

import java.time.Duration;

/**
 * Gateway-wide limit settings.
 *
 * @param planClaim the token claim (dotted path) naming the caller's plan
 * @param defaultPlan the plan of callers that name none; absent, they get only their routes' limits
 * @param preAuth requests per client IP before authentication (credential stuffing, floods)
 * @param failedAuth failed authentications per client IP; past it every request from that IP is
 *     refused before its credential is even looked at, until the bucket refills
 * @param onStoreFailure what a limit does when the shared store (Redis) cannot answer in time:
 *     {@code local} counts on this node alone, {@code deny} refuses (503), {@code allow} admits
 */
public record LimitsConfig(
        @Default("plan") String planClaim,
        String defaultPlan,
        @OptionalSection IpLimit preAuth,
        @OptionalSection IpLimit failedAuth,
        @Default("local") OnStoreFailure onStoreFailure) {

    public enum OnStoreFailure { LOCAL, DENY, ALLOW }

    /** A per-IP limit: {@code limit} per {@code period}, up to {@code burst} at once (default: limit). */
    public record IpLimit(@Required long limit, @Required Duration period, @Default("0") long burst) {
    }
}
