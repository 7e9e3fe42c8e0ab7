package io.vigil.discovery.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.discovery.Observation;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Envoy access logs: the default format
 * ({@code [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% …
 * "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"}), or JSON lines with {@code method}, {@code path},
 * {@code response_code}, {@code authority} and {@code start_time} (the names Envoy's and Istio's
 * JSON examples use; {@code :authority} style keys are accepted too).
 */
final class EnvoyLog implements LogFormat {

    private static final Pattern DEFAULT = Pattern.compile(
            "^\\[([^\\]]+)\\] \"([^\"]*)\" (\\d{3}|0) \\S+ \\S+ \\S+ \\S+ \\S+ \"[^\"]*\" \"[^\"]*\" \"[^\"]*\" \"([^\"]*)\" \"[^\"]*\".*$");

    @Override
    public Observation parse(String line) throws MalformedLineException {
        String trimmed = line.trim();
        if (trimmed.startsWith("{")) {
            return json(trimmed);
        }
        Matcher m = DEFAULT.matcher(trimmed);
        if (!m.matches()) {
            throw new MalformedLineException("not an Envoy default-format line");
        }
        String[] request = LogFormat.requestLine(m.group(2));
        String authority = m.group(4);
        return new Observation(NginxLog.iso(m.group(1)), host(authority), request[0], request[1], status(m.group(3)), null,
                null, null, "logs");
    }

    private static Observation json(String line) throws MalformedLineException {
        JsonNode n = LogFormat.json(line);
        String method = text(n, "method", ":method");
        String path = text(n, "path", ":path");
        String code = text(n, "response_code", "status");
        if (method == null || path == null || code == null) {
            throw new MalformedLineException("needs method, path and response_code fields");
        }
        String start = text(n, "start_time", "timestamp");
        return new Observation(start == null ? 0 : NginxLog.iso(start), host(text(n, "authority", ":authority")), method,
                LogFormat.path(path), status(code), null, null, null, "logs", text(n, "request_content_type", "content_type"),
                text(n, "response_content_type", "resp_content_type"));
    }

    /** Envoy logs 0 when no response was sent (the client went away): not an answer of the endpoint. */
    private static int status(String code) throws MalformedLineException {
        return code.equals("0") ? 0 : LogFormat.status(code);
    }

    private static String text(JsonNode n, String name, String alternative) {
        JsonNode v = n.hasNonNull(name) ? n.get(name) : n.get(alternative);
        return v == null || v.isNull() || v.asText().equals("-") ? null : v.asText();
    }

    private static String host(String authority) {
        if (authority == null || authority.isEmpty() || authority.equals("-")) {
            return null;
        }
        return authority.toLowerCase(Locale.ROOT);
    }
}
