package io.vigil.discovery;

/**
 * Recognises path segments that are values rather than names: numeric ids, UUIDs, dates, email
 * addresses, long hex strings and opaque tokens. Each becomes a named placeholder, so
 * {@code /orders/1234} and {@code /orders/98} are one endpoint, {@code /orders/{id}}. Character
 * scans only, no regular expressions: this runs for every observed request.
 */
final class SegmentPatterns {

    private SegmentPatterns() {
    }

    /** The placeholder for a value-like segment ({@code {id}}, {@code {uuid}}, …), or null for a name. */
    static String placeholder(String segment) {
        int n = segment.length();
        if (n == 0) {
            return null;
        }
        int digits = 0;
        int hex = 0;
        int letters = 0;
        int other = 0;
        for (int i = 0; i < n; i++) {
            char c = segment.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
                hex++;
            } else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
                hex++;
                letters++;
            } else if ((c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z')) {
                letters++;
            } else {
                other++;
            }
        }
        if (digits == n) {
            return "{id}";
        }
        if (isUuid(segment)) {
            return "{uuid}";
        }
        if (isDate(segment)) {
            return "{date}";
        }
        if (isEmail(segment)) {
            return "{email}";
        }
        if (hex == n && n >= 16 && digits > 0) {
            return "{hex}";
        }
        if (n >= 20 && digits > 0 && letters > 0 && tokenChars(segment)) {
            return "{token}";
        }
        if (other == 0 && digits >= 4 && letters <= 4 && digits > letters) {
            return "{id}";          // ord-less ids with a short prefix: A1234, 2024x001
        }
        return null;
    }

    private static boolean isUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code 2026-11-28} or {@code 20261128}. */
    private static boolean isDate(String s) {
        if (s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
            return digits(s, 0, 4) && digits(s, 5, 7) && digits(s, 8, 10) && month(s.substring(5, 7));
        }
        return false;
    }

    private static boolean month(String mm) {
        int m = Integer.parseInt(mm);
        return m >= 1 && m <= 12;
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isEmail(String s) {
        int at = s.indexOf('@');
        return at > 0 && at == s.lastIndexOf('@') && s.indexOf('.', at) > at + 1 && !s.endsWith(".");
    }

    /** Base64url and friends. */
    private static boolean tokenChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '=' || c == '.' || c == '~')) {
                return false;
            }
        }
        return true;
    }
}
