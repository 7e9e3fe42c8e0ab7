package io.vigil.authz;

import java.util.regex.Pattern;

/**
 * A SPIFFE ID pattern in {@code allowWorkloads:}: {@code *} stands for one path segment or part
 * of one, {@code **} for any number of segments. {@code spiffe://prod.example/ns/payments/sa/*}
 * admits every service account of one namespace and nothing outside it.
 */
public record WorkloadPattern(String source, Pattern regex) {

    private static final Pattern SHAPE = Pattern.compile("spiffe://[a-z0-9._-]+(/[A-Za-z0-9._*-]+)*");

    /** @throws IllegalArgumentException when the text is not a SPIFFE ID pattern */
    public static WorkloadPattern parse(String text) {
        if (!SHAPE.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a SPIFFE ID pattern"
                    + " (e.g. spiffe://prod.example/ns/payments/sa/*)");
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new WorkloadPattern(text, Pattern.compile(regex.toString()));
    }

    public boolean matches(String spiffeId) {
        return spiffeId != null && regex.matcher(spiffeId).matches();
    }
}
