package io.vigil.risk;

import io.vigil.server.Geo;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one identity normally does, learned from its own traffic: request rate (an exponentially
 * weighted mean and variance of requests per active minute), the routes and route-to-route steps
 * it uses, the networks it comes from, the hours of the week it is active, and short windows of
 * its recent refusals and of the distinct paths it reads per route. Written by one thread (the
 * baseline feed's, after each response), read by the event loops: fields are volatile or
 * concurrent, and a read that races a write sees the state before or after it, never a torn one
 * that matters for a score.
 */
public final class Baseline {

    static final long WINDOW_MILLIS = 60_000;
    static final int MAX_ROUTES = 256;
    static final int MAX_TRANSITIONS = 1_024;
    static final int MAX_NETWORKS = 32;
    static final int MAX_PATHS = 64;
    private static final double ALPHA = 0.1;
    private static final int ERROR_SLOTS = 64;

    private volatile long requests;
    private volatile long activeMinutes;
    private volatile long minute = Long.MIN_VALUE;
    private volatile int thisMinute;
    private volatile int previousMinute;
    /** Response bytes: this minute's, the previous minute's, and the EWMA mean and variance per active minute. */
    private volatile long thisMinuteBytes;
    private volatile long previousMinuteBytes;
    private volatile double meanBytes;
    private volatile double varianceBytes;
    private boolean judgedThisMinute;
    private volatile long firstSeen;
    private volatile double mean;
    private volatile double variance;
    private volatile String lastRoute;
    private volatile double anomaly;
    private volatile Geo.Place lastPlace;
    private volatile long lastPlaceTime;
    private final Set<String> countries = ConcurrentHashMap.newKeySet();
    private volatile long anomalyTime;
    private final Set<String> routes = ConcurrentHashMap.newKeySet();
    private final Set<String> transitions = ConcurrentHashMap.newKeySet();
    private final Set<String> networks = ConcurrentHashMap.newKeySet();
    private final int[] hours = new int[168];
    /**
     * On how many distinct days the identity was active in each hour of the day. One night's
     * session does not make 3 a.m. usual; a second day at that hour does.
     */
    private final int[] daysAtHour = new int[24];
    private final long[] lastDayAtHour = new long[24];
    /**
     * Seasonality: the busiest minute in each hour of the day on the last day it was active then
     * ({@code peakLast}, that day + 1 in {@code peakDay}) and on the day before that
     * ({@code peakPrevious}). A nightly batch at 02:00 is then usual at 02:00, not a spike.
     */
    private final int[] peakLast = new int[24];
    private final int[] peakPrevious = new int[24];
    private final long[] peakDay = new long[24];
    private int minuteHour;
    private long minuteDay;
    /** The open minute came from a snapshot, whose hour and day were not kept: it updates no peak. */
    private boolean restoredMinute;
    private final long[] errors = new long[ERROR_SLOTS];
    private int nextError;
    private final ConcurrentHashMap<String, PathWindow> paths = new ConcurrentHashMap<>();
    /** Refusals counted for slow probing, over this long. */
    static final long PROBING_HOUR = 3_600_000;
    private static final int SCORES = 20;
    private final long[] scoreTimes = new long[SCORES];
    private final int[] scores = new int[SCORES];
    private volatile int nextScore;

    /**
     * The distinct paths read on one route in the last {@link #WINDOW_MILLIS}, sliding: each
     * path with the time it was last read. Pruned by the writer; readers see the count as of the
     * last write, which is when an enumeration is going on.
     */
    static final class PathWindow {
        final java.util.HashMap<String, Long> lastRead = new java.util.HashMap<>();
        volatile int recent;
        volatile long newest;

        void read(String path, long timeMillis) {
            lastRead.values().removeIf(t -> timeMillis - t > WINDOW_MILLIS);
            if (lastRead.size() < MAX_PATHS || lastRead.containsKey(path)) {
                lastRead.put(path, timeMillis);
            }
            newest = Math.max(newest, timeMillis);
            recent = lastRead.size();
        }
    }

    /** A snapshot's JSON with the request count it covers (to share: the better-informed one wins). */
    record Snapshot(long requests, String json) {
    }

    /**
     * Learns one finished request. Writer thread only. A request the risk stage refused
     * ({@code judged}) still counts towards the short windows (rate, distinct paths, refusals),
     * so an attack stays visible while it goes on, but teaches nothing lasting: an attacker must
     * not be able to train the baseline into accepting the attack.
     */
    void observe(long timeMillis, String route, String path, String network, int status, int hourOfWeek, long day,
            boolean judged) {
        observe(timeMillis, route, path, network, status, hourOfWeek, day, judged, 0);
    }

    /** @param bytes the response body bytes the request was sent */
    void observe(long timeMillis, String route, String path, String network, int status, int hourOfWeek, long day,
            boolean judged, long bytes) {
        if (firstSeen == 0) {
            firstSeen = timeMillis;
        }
        long m = timeMillis / 60_000;
        boolean late = minute != Long.MIN_VALUE && m < minute;
        if (late && m == minute - 1) {
            // Records arrive as requests finish, stamped with their start: a long request from the
            // minute before counts there, and does not end the current minute.
            previousMinute++;
            previousMinuteBytes += bytes;
        }
        if (!late && m != minute) {
            // A minute as busy as this hour usually gets (the nightly batch) is seasonal: the peak
            // profile covers it, and folding it into the mean would hide daytime spikes behind its variance.
            boolean seasonal = !restoredMinute && activeMinutes > 0 && thisMinute > mean + 4 * Math.sqrt(variance)
                    && thisMinute <= usualPeak(minuteHour, minuteDay) * 1.5;
            if (minute != Long.MIN_VALUE && !judgedThisMinute && !restoredMinute) {
                peak(minuteHour, minuteDay, thisMinute);
            }
            restoredMinute = false;
            if (minute != Long.MIN_VALUE && !judgedThisMinute && !seasonal) {
                double x = thisMinute;
                double delta = x - mean;
                double newMean = activeMinutes == 0 ? x : mean + ALPHA * delta;
                variance = activeMinutes == 0 ? 0 : (1 - ALPHA) * (variance + ALPHA * delta * delta);
                mean = newMean;
                double b = thisMinuteBytes;
                double deltaBytes = b - meanBytes;
                double newMeanBytes = activeMinutes == 0 ? b : meanBytes + ALPHA * deltaBytes;
                varianceBytes = activeMinutes == 0 ? 0 : (1 - ALPHA) * (varianceBytes + ALPHA * deltaBytes * deltaBytes);
                meanBytes = newMeanBytes;
                activeMinutes++;
            }
            previousMinute = m == minute + 1 ? thisMinute : 0;
            previousMinuteBytes = m == minute + 1 ? thisMinuteBytes : 0;
            minute = m;
            minuteHour = hourOfWeek % 24;
            minuteDay = day;
            thisMinute = 0;
            thisMinuteBytes = 0;
            judgedThisMinute = false;
        }
        if (!late) {
            thisMinute++;
            thisMinuteBytes += bytes;
            judgedThisMinute |= judged;
        }
        if (route != null) {
            paths.computeIfAbsent(route, r -> new PathWindow()).read(path, timeMillis);
        }
        if (status == 401 || status == 403 || status == 404) {
            errors[nextError] = timeMillis;
            nextError = (nextError + 1) % ERROR_SLOTS;
        }
        if (judged) {
            return;
        }
        requests++;
        if (route != null) {
            if (routes.size() < MAX_ROUTES) {
                routes.add(route);
            }
            String previous = lastRoute;
            if (previous != null && transitions.size() < MAX_TRANSITIONS) {
                transitions.add(previous + '\u0000' + route);
            }
            lastRoute = route;
        }
        if (network != null && networks.size() < MAX_NETWORKS) {
            networks.add(network);
        }
        hours[hourOfWeek]++;
        int hour = hourOfWeek % 24;
        if (lastDayAtHour[hour] != day + 1) {
            lastDayAtHour[hour] = day + 1;      // + 1: day 0 (1970-01-01) is not "never"
            daysAtHour[hour]++;
        }
    }

    /**
     * The lasting part as JSON (counts, means, routes, steps, networks, hours, scores); the
     * one-minute windows are not worth keeping. Taken while the writer may be adding: a snapshot
     * can be a request behind, never inconsistent enough to matter.
     */
    com.fasterxml.jackson.databind.node.ObjectNode snapshot(com.fasterxml.jackson.databind.ObjectMapper json) {
        com.fasterxml.jackson.databind.node.ObjectNode node = json.createObjectNode();
        node.put("v", 1).put("requests", requests).put("activeMinutes", activeMinutes).put("minute", minute)
                .put("thisMinute", thisMinute).put("mean", mean).put("variance", variance).put("firstSeen", firstSeen)
                .put("meanBytes", meanBytes).put("varianceBytes", varianceBytes);
        if (lastRoute != null) {
            node.put("lastRoute", lastRoute);
        }
        routes.forEach(node.putArray("routes")::add);
        transitions.forEach(node.putArray("transitions")::add);
        networks.forEach(node.putArray("networks")::add);
        com.fasterxml.jackson.databind.node.ArrayNode h = node.putArray("hours");
        for (int count : hours) {
            h.add(count);
        }
        com.fasterxml.jackson.databind.node.ArrayNode d = node.putArray("daysAtHour");
        com.fasterxml.jackson.databind.node.ArrayNode l = node.putArray("lastDayAtHour");
        for (int i = 0; i < 24; i++) {
            d.add(daysAtHour[i]);
            l.add(lastDayAtHour[i]);
        }
        com.fasterxml.jackson.databind.node.ArrayNode pl = node.putArray("peakLast");
        com.fasterxml.jackson.databind.node.ArrayNode pp = node.putArray("peakPrevious");
        com.fasterxml.jackson.databind.node.ArrayNode pd = node.putArray("peakDay");
        for (int i = 0; i < 24; i++) {
            pl.add(peakLast[i]);
            pp.add(peakPrevious[i]);
            pd.add(peakDay[i]);
        }
        com.fasterxml.jackson.databind.node.ArrayNode s = node.putArray("scores");
        for (long[] score : recentScores()) {
            s.addArray().add(score[0]).add(score[1]);
        }
        return node;
    }

    /** A baseline from its snapshot. @throws IllegalArgumentException when it is not one */
    static Baseline restore(com.fasterxml.jackson.databind.JsonNode node) {
        if (node.path("v").asInt() != 1 || !node.path("hours").isArray() || node.path("hours").size() != 168) {
            throw new IllegalArgumentException("not a baseline snapshot (v1)");
        }
        Baseline b = new Baseline();
        b.requests = node.path("requests").asLong();
        b.activeMinutes = node.path("activeMinutes").asLong();
        b.minute = node.path("minute").asLong(Long.MIN_VALUE);
        b.restoredMinute = true;
        b.thisMinute = node.path("thisMinute").asInt();
        b.mean = node.path("mean").asDouble();
        b.variance = node.path("variance").asDouble();
        b.firstSeen = node.path("firstSeen").asLong();
        b.meanBytes = node.path("meanBytes").asDouble();
        b.varianceBytes = node.path("varianceBytes").asDouble();
        b.lastRoute = node.hasNonNull("lastRoute") ? node.get("lastRoute").asText() : null;
        node.path("routes").forEach(r -> b.routes.add(r.asText()));
        node.path("transitions").forEach(t -> b.transitions.add(t.asText()));
        node.path("networks").forEach(n -> b.networks.add(n.asText()));
        for (int i = 0; i < 168; i++) {
            b.hours[i] = node.get("hours").get(i).asInt();
        }
        if (node.path("daysAtHour").size() == 24 && node.path("lastDayAtHour").size() == 24) {
            for (int i = 0; i < 24; i++) {
                b.daysAtHour[i] = node.get("daysAtHour").get(i).asInt();
                b.lastDayAtHour[i] = node.get("lastDayAtHour").get(i).asLong();
            }
        }
        if (node.path("peakLast").size() == 24 && node.path("peakPrevious").size() == 24 && node.path("peakDay").size() == 24) {
            for (int i = 0; i < 24; i++) {
                b.peakLast[i] = node.get("peakLast").get(i).asInt();
                b.peakPrevious[i] = node.get("peakPrevious").get(i).asInt();
                b.peakDay[i] = node.get("peakDay").get(i).asLong();
            }
        }
        java.util.List<com.fasterxml.jackson.databind.JsonNode> scores = new java.util.ArrayList<>();
        node.path("scores").forEach(scores::add);
        for (int i = scores.size() - 1; i >= 0; i--) {
            b.score(scores.get(i).get(0).asLong(), scores.get(i).get(1).asInt());
        }
        return b;
    }

    /** Where the identity's latest located request came from. Writer thread only. */
    void place(long timeMillis, Geo.Place place) {
        if (place == null) {
            return;
        }
        if (place.country() != null && countries.size() < MAX_NETWORKS) {
            countries.add(place.country());
        }
        if (place.located()) {
            lastPlace = place;
            lastPlaceTime = timeMillis;
        }
    }

    Geo.Place lastPlace() {
        return lastPlace;
    }

    long lastPlaceTime() {
        return lastPlaceTime;
    }

    boolean usedCountry(String country) {
        return countries.contains(country);
    }

    /** Keeps the last {@value #SCORES} scores. Writer thread only. */
    void score(long timeMillis, int score) {
        int i = nextScore;
        scoreTimes[i] = timeMillis;
        scores[i] = score;
        nextScore = (i + 1) % SCORES;
    }

    /** Recent (time, score) pairs, newest first. */
    public java.util.List<long[]> recentScores() {
        java.util.List<long[]> out = new java.util.ArrayList<>();
        int start = nextScore;
        for (int k = 1; k <= SCORES; k++) {
            int i = Math.floorMod(start - k, SCORES);
            if (scoreTimes[i] != 0) {
                out.add(new long[] {scoreTimes[i], scores[i]});
            }
        }
        return out;
    }

    /**
     * The anomaly model's highest score for this identity's requests in the last minute (0 while
     * the model warms up). The peak, not the latest: the forest learns an attack as it goes on, so
     * its later requests score lower than its first.
     */
    public double anomaly(long nowMillis) {
        return nowMillis - anomalyTime <= WINDOW_MILLIS ? anomaly : 0;
    }

    void anomaly(long timeMillis, double score) {
        if (score >= anomaly || timeMillis - anomalyTime > WINDOW_MILLIS) {
            anomaly = score;
            anomalyTime = timeMillis;
        }
    }

    public long requests() {
        return requests;
    }

    public long activeMinutes() {
        return activeMinutes;
    }

    public double meanPerMinute() {
        return mean;
    }

    public double stdPerMinute() {
        return Math.sqrt(variance);
    }

    /**
     * Requests in the 60 s before {@code timeMillis} (this one not included), estimated from this
     * minute's count and the previous minute's, weighted by how much of it the window still
     * covers: a burst that straddles a minute boundary is not cut in two.
     */
    int requestsInLastMinute(long timeMillis) {
        return (int) lastMinute(timeMillis, thisMinute, previousMinute);
    }

    private long lastMinute(long timeMillis, long current, long previous) {
        return slidingMinute(timeMillis, minute, current, previous);
    }

    /**
     * The 60 s before {@code timeMillis} from per-minute counts: the count of {@code minute} (the
     * latest) plus the minute before it, weighted by how much of it the window still covers.
     */
    static long slidingMinute(long timeMillis, long minute, long current, long previous) {
        long m = timeMillis / 60_000;
        double remaining = 1 - (timeMillis % 60_000) / 60_000.0;
        if (m == minute) {
            return current + (long) (previous * remaining);
        }
        return m == minute + 1 ? (long) (current * remaining) : 0;
    }

    private void peak(int hour, long day, int count) {
        if (peakDay[hour] == day + 1) {
            peakLast[hour] = Math.max(peakLast[hour], count);
        } else {
            peakPrevious[hour] = peakLast[hour];
            peakLast[hour] = count;
            peakDay[hour] = day + 1;
        }
    }

    /** The busiest minute this identity had in this hour of the day on its last active day before {@code today}. */
    int usualPeak(int hourOfDay, long today) {
        return peakDay[hourOfDay] == today + 1 ? peakPrevious[hourOfDay] : peakLast[hourOfDay];
    }

    /** Response bytes in the 60 s before {@code timeMillis}, estimated like {@link #requestsInLastMinute}. */
    long bytesInLastMinute(long timeMillis) {
        return lastMinute(timeMillis, thisMinuteBytes, previousMinuteBytes);
    }

    public double meanBytesPerMinute() {
        return meanBytes;
    }

    public double stdBytesPerMinute() {
        return Math.sqrt(varianceBytes);
    }

    /** When this identity was first seen: hours of the week mean something only after a week. */
    long firstSeen() {
        return firstSeen;
    }

    boolean usedRoute(String route) {
        return routes.contains(route);
    }

    String lastRoute() {
        return lastRoute;
    }

    boolean usedTransition(String from, String to) {
        return transitions.contains(from + '\u0000' + to);
    }

    boolean usedNetwork(String network) {
        return networks.contains(network);
    }

    public int networks() {
        return networks.size();
    }

    int hourCount(int hourOfWeek) {
        return hours[hourOfWeek];
    }

    /** Distinct days this identity was active in this hour of the day (0-23). */
    int daysAtHour(int hourOfDay) {
        return daysAtHour[hourOfDay];
    }

    /** 401/403/404 answers in the {@code windowMillis} before {@code timeMillis} (at most the last 64). */
    int refusalsBefore(long timeMillis, long windowMillis) {
        int count = 0;
        for (long t : errors) {
            if (t != 0 && timeMillis - t <= windowMillis && t <= timeMillis) {
                count++;
            }
        }
        return count;
    }

    /** Distinct paths read on this route in the last minute. */
    int distinctPaths(String route, long timeMillis) {
        PathWindow window = paths.get(route);
        return window == null || timeMillis - window.newest > WINDOW_MILLIS ? 0 : window.recent;
    }

    public java.util.List<String> routes() {
        return java.util.List.copyOf(routes);
    }
}
