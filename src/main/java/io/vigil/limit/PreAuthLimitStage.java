package io.vigil.limit;

import io.github.bucket4j.ConsumptionProbe;
import io.vertx.core.Future;
import io.vigil.auth.AuthenticateStage;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Mode;
import io.vigil.pipeline.Phase;
import io.vigil.pipeline.Reason;
import io.vigil.pipeline.Stage;

/**
 * Per client IP, before any credential is looked at: {@code limits.preAuth} caps the request
 * rate, and {@code limits.failedAuth} counts failed authentications. Once an address has used up
 * its failures, every request from it is refused (429 {@code auth_failures_exceeded}) until the
 * bucket refills: credential stuffing and key guessing get a handful of tries, not millions.
 */
public final class PreAuthLimitStage implements Stage {

    private final LocalBuckets buckets;
    private final LimitRule preAuth;
    private final LimitRule failedAuth;
    private final Mode mode;

    /** @param preAuth or null; @param failedAuth or null */
    public PreAuthLimitStage(LocalBuckets buckets, LimitRule preAuth, LimitRule failedAuth, Mode mode) {
        this.buckets = buckets;
        this.preAuth = preAuth;
        this.failedAuth = failedAuth;
        this.mode = mode;
    }

    @Override
    public Phase phase() {
        return Phase.REQUEST_LIMITS;
    }

    @Override
    public Future<Decision> apply(Exchange exchange) {
        String address = io.vigil.server.AddressPrefix.of(exchange.clientAddress(), 32, 64);
        if (failedAuth != null) {
            String key = failedAuth.id() + '\u0000' + address;
            if (buckets.available(key, failedAuth) <= 0) {
                long retryAfter = Math.max(1, (buckets.nanosToToken(key) + 999_999_999L) / 1_000_000_000L);
                Future<Decision> result = mode.deny(exchange, Decision.deny(Reason.AUTH_FAILURES_EXCEEDED,
                        "Too many failed authentications from this address; retry in " + retryAfter + " s.", "failedAuth"));
                if (result != Decision.CONTINUE_FUTURE) {
                    exchange.addResponseHeader("retry-after", Long.toString(retryAfter));
                    return result;
                }
            } else {
                exchange.set(AuthenticateStage.ON_FAILURE, () -> buckets.consumeNow(key, failedAuth));
            }
        }
        if (preAuth != null) {
            ConsumptionProbe probe = buckets.consumeNow(preAuth.id() + '\u0000' + address, preAuth);
            if (!probe.isConsumed()) {
                long retryAfter = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
                Future<Decision> result = mode.deny(exchange, Decision.deny(Reason.RATE_LIMITED,
                        "Too many requests from this address; retry in " + retryAfter + " s.", "preAuth"));
                if (result != Decision.CONTINUE_FUTURE) {
                    exchange.addResponseHeader("retry-after", Long.toString(retryAfter));
                    return result;
                }
            }
        }
        return Decision.CONTINUE_FUTURE;
    }
}
