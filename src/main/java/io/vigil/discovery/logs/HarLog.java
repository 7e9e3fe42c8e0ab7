package io.vigil.discovery.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.discovery.Observation;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * HAR files (HTTP Archive 1.2, as browsers and proxies export them): each entry's method, URL,
 * status and time, how the request authenticated, read from its headers ({@code bearer},
 * {@code basic}, {@code apikey}, {@code cookie} or {@code none}), and, where the archive kept
 * JSON bodies, their field names and the sensitive data in responses (kinds and fields, never values).
 */
final class HarLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HarLog() {
    }

    /**
     * @param bad called with the entry number (from 1) and what is wrong with it
     * @throws IOException when the file cannot be read or is not a HAR at all
     */
    static int read(Path file, io.vigil.discovery.EndpointTree tree, BiConsumer<Integer, String> bad) throws IOException {
        JsonNode entries = JSON.readTree(file.toFile()).path("log").path("entries");
        if (!entries.isArray()) {
            throw new IOException("not a HAR file (no log.entries)");
        }
        int n = 0;
        for (JsonNode entry : entries) {
            n++;
            try {
                Observation o = entry(entry);
                tree.observe(o);
                byte[] request = json(entry.path("request").path("postData"), "mimeType");
                if (request != null) {
                    tree.observeRequestBody(o.host(), o.method(), o.path(), request);
                }
                byte[] response = json(entry.path("response").path("content"), "mimeType");
                if (response != null && o.status() >= 200 && o.status() < 300) {
                    tree.observeBody(o.host(), o.method(), o.path(), response);
                }
            } catch (LogFormat.MalformedLineException e) {
                bad.accept(n, e.getMessage());
            }
        }
        return n;
    }

    private static Observation entry(JsonNode entry) throws LogFormat.MalformedLineException {
        JsonNode request = entry.path("request");
        String method = request.path("method").asText(null);
        String url = request.path("url").asText(null);
        if (method == null || url == null) {
            throw new LogFormat.MalformedLineException("entry without request.method or request.url");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new LogFormat.MalformedLineException("not a URL: " + LogFormat.abbreviate(url));
        }
        if (uri.getRawPath() == null || uri.getHost() == null) {
            throw new LogFormat.MalformedLineException("not an absolute http(s) URL: " + LogFormat.abbreviate(url));
        }
        int status = entry.path("response").path("status").asInt(0);
        String started = entry.path("startedDateTime").asText(null);
        return new Observation(started == null ? 0 : NginxLog.iso(started), uri.getHost().toLowerCase(Locale.ROOT),
                method.toUpperCase(Locale.ROOT), uri.getRawPath().isEmpty() ? "/" : uri.getRawPath(),
                status >= 100 && status <= 599 ? status : 0, authentication(request.path("headers")), null, null, "logs",
                request.path("postData").path("mimeType").asText(null),
                entry.path("response").path("content").path("mimeType").asText(null));
    }

    /** A recorded JSON body ({@code text}, plain or base64), or null. */
    private static byte[] json(JsonNode content, String typeField) {
        String type = content.path(typeField).asText("").toLowerCase(Locale.ROOT);
        String text = content.path("text").asText(null);
        if (text == null || !(type.startsWith("application/json") || type.contains("+json"))) {
            return null;
        }
        if ("base64".equalsIgnoreCase(content.path("encoding").asText())) {
            try {
                return java.util.Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String authentication(JsonNode headers) {
        String found = "none";
        for (JsonNode h : headers) {
            String name = h.path("name").asText("").toLowerCase(Locale.ROOT);
            String value = h.path("value").asText("").trim().toLowerCase(Locale.ROOT);
            if (name.equals("authorization")) {
                return value.startsWith("bearer ") || value.startsWith("dpop ") ? "bearer"
                        : value.startsWith("basic ") ? "basic" : value.startsWith("apikey ") ? "apikey" : "other";
            }
            if (name.equals("x-api-key")) {
                found = "apikey";
            } else if (name.equals("cookie") && found.equals("none")) {
                found = "cookie";
            }
        }
        return found;
    }
}
