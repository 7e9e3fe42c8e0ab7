package io.vigil.discovery.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.discovery.Observation;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nginx access logs: the {@code combined} format
 * ({@code $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"},
 * and {@code common}, its first six fields), or one JSON object per line with the usual variable
 * names ({@code request} or {@code request_method} + {@code request_uri}/{@code uri},
 * {@code status}, {@code host}/{@code http_host}, {@code time_iso8601}/{@code time_local}).
 */
final class NginxLog implements LogFormat {

    private static final Pattern COMBINED = Pattern.compile(
            "^(\\S+) \\S+ (\\S+) \\[([^\\]]+)\\] \"((?:[^\"\\\\]|\\\\.)*)\" (\\d{3}) (\\S+)(?: \"((?:[^\"\\\\]|\\\\.)*)\" \"((?:[^\"\\\\]|\\\\.)*)\")?.*$");
    private static final DateTimeFormatter TIME_LOCAL = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    @Override
    public Observation parse(String line) throws MalformedLineException {
        String trimmed = line.trim();
        if (trimmed.startsWith("{")) {
            return json(trimmed);
        }
        Matcher m = COMBINED.matcher(trimmed);
        if (!m.matches()) {
            throw new MalformedLineException("not an nginx combined or common line");
        }
        String[] request = LogFormat.requestLine(m.group(4));
        String user = m.group(2);
        return new Observation(time(m.group(3)), null, request[0], request[1], LogFormat.status(m.group(5)),
                user.equals("-") ? null : "basic", null, null, "logs");
    }

    private static Observation json(String line) throws MalformedLineException {
        JsonNode n = LogFormat.json(line);
        String method;
        String path;
        if (n.hasNonNull("request_method") && (n.hasNonNull("request_uri") || n.hasNonNull("uri"))) {
            method = n.get("request_method").asText();
            path = LogFormat.path(n.hasNonNull("request_uri") ? n.get("request_uri").asText() : n.get("uri").asText());
        } else if (n.hasNonNull("request")) {
            String[] request = LogFormat.requestLine(n.get("request").asText());
            method = request[0];
            path = request[1];
        } else {
            throw new MalformedLineException("no request, request_method or request_uri field");
        }
        if (!n.hasNonNull("status")) {
            throw new MalformedLineException("no status field");
        }
        String host = n.hasNonNull("host") ? n.get("host").asText() : n.hasNonNull("http_host") ? n.get("http_host").asText() : null;
        long time = n.hasNonNull("time_iso8601") ? iso(n.get("time_iso8601").asText())
                : n.hasNonNull("time_local") ? time(n.get("time_local").asText()) : 0;
        return new Observation(time, host == null ? null : host.toLowerCase(Locale.ROOT), method, path,
                LogFormat.status(n.get("status").asText()), null, null, null, "logs", text(n, "content_type"),
                text(n, "sent_http_content_type"));
    }

    private static long time(String text) throws MalformedLineException {
        try {
            return OffsetDateTime.parse(text, TIME_LOCAL).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new MalformedLineException("not a time: " + LogFormat.abbreviate(text));
        }
    }

    static long iso(String text) throws MalformedLineException {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new MalformedLineException("not a time: " + LogFormat.abbreviate(text));
        }
    }

    /** A JSON log field nginx filled in: null when absent, empty or {@code -}. */
    private static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() || v.asText().isEmpty() || v.asText().equals("-") ? null : v.asText();
    }
}
