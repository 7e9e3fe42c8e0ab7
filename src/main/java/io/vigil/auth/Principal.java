package io.vigil.auth;

import static java.util.Objects.requireNonNull;

/**
 * Who is calling, as established by an {@link Authenticator}. Later authenticators add claims,
 * scopes and roles; the {@code none} authenticator yields {@link #ANONYMOUS}.
 *
 * @param method the authenticator id that established it ("none", "jwt:corp", "apikey", ...)
 */
public record Principal(String type, String subject, String method) {

    public static final Principal ANONYMOUS = new Principal("anonymous", "anonymous", "none");

    public Principal {
        requireNonNull(type, "type");
        requireNonNull(subject, "subject");
        requireNonNull(method, "method");
    }
}
