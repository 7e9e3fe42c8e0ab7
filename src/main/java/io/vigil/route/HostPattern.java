package io.vigil.route;

import java.util.Locale;

/**
 * Which {@code Host} a route answers: any host, one exact name, or a wildcard
 * ({@code *.example.com}, one or more labels). Compared without the port, case-insensitively.
 */
public record HostPattern(String pattern) {

    public static final HostPattern ANY = new HostPattern(null);

    public static HostPattern parse(String host) {
        if (host == null || host.isBlank() || host.equals("*")) {
            return ANY;
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.contains("/") || lower.contains(":") && !lower.startsWith("[")) {
            throw new IllegalArgumentException("host must be a name without scheme or port: " + host);
        }
        if (lower.indexOf('*') > 0 || (lower.startsWith("*") && !lower.startsWith("*."))
                || lower.indexOf('*', 1) >= 0) {
            throw new IllegalArgumentException("a wildcard host must look like '*.example.com': " + host);
        }
        return new HostPattern(lower);
    }

    public boolean isAny() {
        return pattern == null;
    }

    public boolean isWildcard() {
        return pattern != null && pattern.startsWith("*.");
    }

    /** @param host lower-case host name without port */
    public boolean matches(String host) {
        if (pattern == null) {
            return true;
        }
        if (isWildcard()) {
            return host.length() > pattern.length() - 1 && host.endsWith(pattern.substring(1));
        }
        return pattern.equals(host);
    }

    /** Specificity: exact beats longer wildcard beats shorter wildcard beats any. */
    int rank() {
        if (pattern == null) {
            return 0;
        }
        return isWildcard() ? pattern.length() : Integer.MAX_VALUE;
    }

    @Override
    public String toString() {
        return pattern == null ? "*" : pattern;
    }
}
