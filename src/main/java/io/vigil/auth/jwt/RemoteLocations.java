package io.vigil.auth.jwt;

import java.net.URI;
import java.util.Locale;

/** Which URLs keys may come from: HTTPS anywhere, plain HTTP only on the loopback interface. */
public final class RemoteLocations {

    private RemoteLocations() {
    }

    /** What is wrong with a key location, or null when it is acceptable. */
    public static String problem(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return "must be an absolute https:// URL";
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return "must not carry user info or a fragment";
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            return "must use https:// (plain http is allowed only for localhost)";
        }
        return null;
    }

    private static boolean isLoopback(String host) {
        // Literal addresses only: a name such as 127.evil.example could resolve anywhere.
        return host.equals("localhost") || host.matches("127(\\.\\d{1,3}){3}") || host.equals("[::1]");
    }
}
