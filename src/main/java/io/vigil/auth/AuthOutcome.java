package io.vigil.auth;

import io.vigil.pipeline.Reason;

/** What one authenticator made of a request. "Not applicable" is an answer, not an error. */
public sealed interface AuthOutcome {

    /** The request carries no credential of this kind: the next authenticator may try. */
    record NotApplicable() implements AuthOutcome {
    }

    record Authenticated(Principal principal) implements AuthOutcome {
    }

    /** A credential of this kind is present but bad: the request is denied, no fall-through. */
    record Rejected(Reason reason, String detail) implements AuthOutcome {
    }

    NotApplicable NOT_APPLICABLE = new NotApplicable();
}
