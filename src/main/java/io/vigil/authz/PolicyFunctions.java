package io.vigil.authz;

import io.vigil.server.CidrSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The helper functions policy expressions may call, beside CEL's standard library. */
public final class PolicyFunctions {

    /** Parsed CIDRs by their text. Bounded: a CIDR taken from request data must not grow it forever. */
    private static final ConcurrentHashMap<String, CidrSet> CIDRS = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 4_096;

    private PolicyFunctions() {
    }

    /** {@code inCidr(ip, cidr)}: false for anything that is not an IP literal; a bad CIDR fails the evaluation. */
    static boolean inCidr(String ip, String cidr) {
        CidrSet set = CIDRS.get(cidr);
        if (set == null) {
            set = CidrSet.parse(List.of(cidr));
            if (CIDRS.size() < MAX_CACHED) {
                CIDRS.put(cidr, set);
            }
        }
        return set.contains(ip);
    }

    /**
     * {@code time.between('09:00', '17:00')}: whether the request's local time of day is in
     * [from, to). A window whose end is before its start spans midnight ({@code '22:00', '06:00'}).
     */
    static boolean between(PolicyVariables.TimeView time, String from, String to) {
        int start = minuteOfDay(from);
        int end = minuteOfDay(to);
        int now = time.minuteOfDay();
        return start <= end ? now >= start && now < end : now >= start || now < end;
    }

    static String cidrProblem(String text) {
        try {
            CidrSet.parse(List.of(text));
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage() + " (e.g. 10.0.0.0/8)";
        }
    }

    static String timeOfDayProblem(String text) {
        try {
            minuteOfDay(text);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * "HH:MM" (24-hour, "24:00" allowed as the end of the day) → minutes since midnight.
     *
     * @throws IllegalArgumentException naming the text
     */
    public static int minuteOfDay(String text) {
        if (text.length() == 5 && text.charAt(2) == ':' && digits(text, 0) && digits(text, 3)) {
            int hour = (text.charAt(0) - '0') * 10 + (text.charAt(1) - '0');
            int minute = (text.charAt(3) - '0') * 10 + (text.charAt(4) - '0');
            if (minute < 60 && (hour < 24 || (hour == 24 && minute == 0))) {
                return hour * 60 + minute;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a time of day as HH:MM (e.g. 09:00)");
    }

    private static boolean digits(String text, int at) {
        return isDigit(text.charAt(at)) && isDigit(text.charAt(at + 1));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
