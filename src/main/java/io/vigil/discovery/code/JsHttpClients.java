package io.vigil.discovery.code;

import static io.vigil.discovery.code.JsSyntax.IDENT;

import io.vigil.discovery.code.JsModule.Kind;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Outbound HTTP clients, whose {@code get('/x', …)} calls look like routes but serve nothing: the
 * packages and names that are clients, clients made from them or injected by type, and a call's
 * shape that gives it away.
 */
final class JsHttpClients {

    private static final Pattern CLIENT_FACTORY = Pattern.compile("^(" + IDENT + ")\\s*\\.\\s*(?:create|extend|defaults)\\s*\\(");
    private static final Pattern TYPED_CLIENT = Pattern.compile("\\b(" + IDENT + ")\\s*[?!]?\\s*:\\s*(?:HttpService|HttpClient)\\b");
    /** Packages whose objects make outbound HTTP calls: {@code http.get('/x', cb)} on them serves nothing. */
    private static final Set<String> CLIENT_PACKAGES = Set.of("axios", "got", "ky", "superagent", "supertest", "node-fetch",
            "undici", "needle", "request", "http", "https", "cross-fetch", "isomorphic-fetch");
    /** Receivers that are HTTP clients by convention wherever they come from. */
    static final Set<String> CLIENT_NAMES = Set.of("axios", "jQuery", "$http", "superagent", "got", "ky", "fetch");

    private JsHttpClients() {
    }

    /** Marks as clients the names typed {@code HttpService}/{@code HttpClient} and those bound to a client package. */
    static void markClients(JsModule m, String text) {
        Matcher typed = TYPED_CLIENT.matcher(text);
        boolean angularOrNest = text.contains("HttpService") || text.contains("HttpClient");
        while (angularOrNest && typed.find()) {
            m.kinds.put(typed.group(1), Kind.CLIENT);
        }
        for (Map.Entry<String, String> bound : m.packages.entrySet()) {
            if (CLIENT_PACKAGES.contains(bound.getValue())) {
                m.kinds.put(bound.getKey(), Kind.CLIENT);
            }
        }
    }

    /** {@code axios.create(…)} and the like: a client made from a client. */
    static boolean isClientFactory(JsModule m, String v) {
        Matcher factory = CLIENT_FACTORY.matcher(v);
        return factory.find() && (CLIENT_PACKAGES.contains(m.packages.getOrDefault(factory.group(1), "")) || CLIENT_NAMES.contains(factory.group(1)));
    }

    /**
     * An HTTP client's call, not a route: its last argument is a request body or options object
     * ({@code http.post('/x', { id })}), where a route's is its handler (Fastify's route options
     * only stand last when they carry the handler).
     */
    static boolean isOutboundCall(List<String> args) {
        String last = args.get(args.size() - 1);
        return last.startsWith("{") && !last.matches("(?s)\\{.*\\bhandler\\s*[:(,}].*");
    }
}
