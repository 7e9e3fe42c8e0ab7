package io.vigil.discovery;

/**
 * One request as discovery sees it, from live traffic or a log line.
 *
 * @param host the host the request was for (lower case), or null when unknown
 * @param path the path as received, without the query
 * @param status the response status, 0 when unknown
 * @param authentication how the caller authenticated ({@code none}, {@code jwt}, {@code apikey}, {@code mtls}), null when unknown
 * @param issuer the token issuer, if any
 * @param route the gateway route that served it, if any
 * @param source {@code traffic} or {@code logs}
 * @param requestType the request's {@code Content-Type} as sent (a body's media type), or null
 * @param responseType the response's {@code Content-Type} as sent, or null
 */
public record Observation(long time, String host, String method, String path, int status, String authentication,
        String issuer, String route, String source, String requestType, String responseType) {

    /** Without content types (a log format that does not record them). */
    public Observation(long time, String host, String method, String path, int status, String authentication,
            String issuer, String route, String source) {
        this(time, host, method, path, status, authentication, issuer, route, source, null, null);
    }
}
