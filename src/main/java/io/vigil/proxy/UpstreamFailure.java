package io.vigil.proxy;

import io.vigil.pipeline.Reason;

/** Why the upstream exchange failed, as a reason code. Stackless: it is an expected outcome. */
final class UpstreamFailure extends Exception {
    private static final long serialVersionUID = 1L;

    final Reason reason;

    UpstreamFailure(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }
}
