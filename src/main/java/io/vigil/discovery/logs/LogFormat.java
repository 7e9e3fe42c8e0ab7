package io.vigil.discovery.logs;

import io.vigil.discovery.Observation;

/** One access-log format: a line in, an observation out. */
interface LogFormat {

    /**
     * @return the request the line records
     * @throws MalformedLineException with what is wrong, when the line is not one of this format
     */
    Observation parse(String line) throws MalformedLineException;

    /** Why a line was not understood: counted and reported with its line number, never fatal. */
    final class MalformedLineException extends Exception {
        public MalformedLineException(String message) {
            super(message, null, false, false);
        }
    }

    com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** A JSON-lines log line as a tree. */
    static com.fasterxml.jackson.databind.JsonNode json(String line) throws MalformedLineException {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new MalformedLineException("not JSON");
        }
    }

    /** {@code GET /path?query HTTP/1.1} → method and path (query dropped); absolute-form targets lose scheme and host. */
    static String[] requestLine(String request) throws MalformedLineException {
        String[] parts = request.split(" ");
        if (parts.length < 2 || parts.length > 3 || !parts[0].chars().allMatch(c -> c >= 'A' && c <= 'Z') || parts[0].isEmpty()) {
            throw new MalformedLineException("not a request line: \"" + abbreviate(request) + "\"");
        }
        return new String[] {parts[0], path(parts[1])};
    }

    /** A target's path: query and fragment dropped, {@code http://host} removed. */
    static String path(String target) throws MalformedLineException {
        String t = target;
        int scheme = t.indexOf("://");
        if (scheme > 0 && scheme < 8) {
            int slash = t.indexOf('/', scheme + 3);
            t = slash < 0 ? "/" : t.substring(slash);
        }
        int cut = t.length();
        int q = t.indexOf('?');
        int h = t.indexOf('#');
        if (q >= 0) {
            cut = q;
        }
        if (h >= 0 && h < cut) {
            cut = h;
        }
        t = t.substring(0, cut);
        if (!t.startsWith("/")) {
            throw new MalformedLineException("not a path: \"" + abbreviate(target) + "\"");
        }
        return t;
    }

    static int status(String text) throws MalformedLineException {
        try {
            int status = Integer.parseInt(text.trim());
            if (status < 100 || status > 599) {
                throw new MalformedLineException("not a status: " + abbreviate(text));
            }
            return status;
        } catch (NumberFormatException e) {
            throw new MalformedLineException("not a status: " + abbreviate(text));
        }
    }

    /** At most 80 characters of what was read, without any query or fragment (they may carry tokens). */
    static String abbreviate(String s) {
        int cut = s.length();
        int q = s.indexOf('?');
        int h = s.indexOf('#');
        if (q >= 0) {
            cut = q;
        }
        if (h >= 0 && h < cut) {
            cut = h;
        }
        String safe = cut < s.length() ? s.substring(0, cut) + "?…" : s;
        return safe.length() <= 80 ? safe : safe.substring(0, 77) + "...";
    }
}
