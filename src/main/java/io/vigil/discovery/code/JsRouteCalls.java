package io.vigil.discovery.code;

import static io.vigil.discovery.code.JsSyntax.IDENT;
import static io.vigil.discovery.code.JsSyntax.argumentSpans;
import static io.vigil.discovery.code.JsSyntax.arguments;
import static io.vigil.discovery.code.JsSyntax.calls;
import static io.vigil.discovery.code.JsSyntax.properties;
import static io.vigil.discovery.code.JsSyntax.skipCall;
import static io.vigil.discovery.code.JsSyntax.strip;
import static io.vigil.discovery.code.JsSyntax.verb;

import io.vigil.discovery.code.JsModule.Mount;
import io.vigil.discovery.code.JsModule.Route;
import io.vigil.discovery.code.JsModule.Scope;
import io.vigil.discovery.code.JsModule.Target;
import io.vigil.discovery.code.JsSyntax.Call;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One JavaScript file's route and mount calls: Express's {@code app.get('/x', …)} and
 * {@code app.route('/x').get(…)}, Fastify's and hapi's {@code route({ method, url })}, and
 * {@code use}/{@code register} mounts with what they mount.
 */
final class JsRouteCalls {

    private static final String VERBS = "get|post|put|delete|patch|options|head|all";
    // Calls are found from their ".method(" and the receiver read backwards: a pattern that starts
    // with an identifier would try one at every word of the file.
    private static final Pattern VERB_CALL = Pattern.compile("\\.\\s*(" + VERBS + ")\\s*\\(");
    private static final Pattern ROUTE_CALL = Pattern.compile("\\.\\s*(route)\\s*\\(");
    private static final Pattern MOUNT_CALL = Pattern.compile("\\.\\s*(use|register)\\s*\\(");
    private static final Pattern SINGLE_STRING = Pattern.compile("(['\"`])([^'\"`]*)\\1");
    private static final Pattern CHAINED_VERB = Pattern.compile("\\s*\\.\\s*(" + VERBS + ")\\s*\\(");
    private static final Pattern FASTIFY_METHOD = Pattern.compile("\\bmethod\\s*:\\s*(\\[[^\\]]*\\]|(['\"])\\w+\\2)");
    private static final Pattern REQUIRE = Pattern.compile("^(?:require|import)\\s*\\(\\s*(['\"])([^'\"]+)\\1\\s*\\)(?:\\s*\\.\\s*(" + IDENT + "))?$");
    /** {@code require('./routes')(db)}: a factory the module exports, called. */
    private static final Pattern FACTORY_REQUIRE = Pattern.compile("(?s)^require\\s*\\(\\s*(['\"])([^'\"]+)\\1\\s*\\)\\s*\\(.*\\)$");
    private static final Pattern FACTORY_CALL = Pattern.compile("(?s)^(" + IDENT + ")\\s*\\(.*\\)$");

    private JsRouteCalls() {
    }

    /** Reads one file's routes and mounts into its module; its declarations are already read. */
    static void read(JsModule m, Path file, String text) {
        verbCalls(m, text);
        routeCalls(m, text);
        mounts(m, file, text);
    }

    private static void verbCalls(JsModule m, String text) {
        boolean fastify = text.contains("fastify");
        for (Call call : calls(text, VERB_CALL)) {
            List<String> args = arguments(text, call.open());
            if (args.size() < 2 || JsHttpClients.isOutboundCall(args)) {
                continue;
            }
            m.routes.add(new Route(fastify ? "fastify" : "express", verb(call.method()), args.get(0), SourceText.line(text, call.start()),
                    receiver(m, call.receiver(), call.start())));
        }
    }

    /** {@code app.route('/x').get(…).post(…)} (Express) and {@code fastify.route({ method, url, handler })}. */
    private static void routeCalls(JsModule m, String text) {
        for (Call call : calls(text, ROUTE_CALL)) {
            List<String> args = arguments(text, call.open());
            if (args.size() != 1) {
                continue;
            }
            if (SINGLE_STRING.matcher(args.get(0)).matches()) {
                routeChain(m, text, call, args.get(0));
            } else if (args.get(0).startsWith("{")) {
                fastifyRoute(m, text, call);
            }
        }
    }

    private static void routeChain(JsModule m, String text, Call call, String path) {
        int at = skipCall(text, call.open());
        Matcher verb = CHAINED_VERB.matcher(text).region(at, text.length());
        while (verb.lookingAt()) {
            m.routes.add(new Route("express", verb(verb.group(1)), path, SourceText.line(text, verb.start(1)),
                    receiver(m, call.receiver(), call.start())));
            at = skipCall(text, verb.end() - 1);
            verb = CHAINED_VERB.matcher(text).region(at, text.length());
        }
    }

    private static void fastifyRoute(JsModule m, String text, Call call) {
        Map<String, String> options = properties(text, text.indexOf('{', call.open()));
        String url = options.containsKey("url") ? options.get("url") : options.get("path");
        Matcher method = FASTIFY_METHOD.matcher("method: " + options.getOrDefault("method", ""));
        if (url == null || !method.find()) {
            return;
        }
        // hapi's server.route({ method, path, handler }) has the same shape
        String framework = !text.contains("fastify") && text.contains("hapi") ? "hapi" : "fastify";
        for (String v : method.group(1).replaceAll("[\\[\\]'\"\\s]", "").split(",")) {
            m.routes.add(new Route(framework, v.toUpperCase(Locale.ROOT), url, SourceText.line(text, call.start()),
                    receiver(m, call.receiver(), call.start())));
        }
    }

    /** {@code x.use('/p', auth, router)}, {@code x.use(require('./r'))}, {@code x.register(plugin, { prefix: '/p' })}. */
    private static void mounts(JsModule m, Path file, String text) {
        for (Call mount : calls(text, MOUNT_CALL)) {
            int open = mount.open();
            List<String> args = arguments(text, open);
            if (args.isEmpty()) {
                continue;
            }
            List<int[]> spans = argumentSpans(text, open);
            String parent = receiver(m, mount.receiver(), mount.start());
            if (mount.method().equals("use")) {
                List<Target> targets = new ArrayList<>();
                for (int i = 0; i < args.size(); i++) {
                    targets.add(target(m, file, args.get(i), spans.get(i)[0]));
                }
                m.mounts.add(new Mount(parent, args.get(0), true, targets));
            } else {
                String prefix = args.size() > 1 && args.get(1).startsWith("{") ? properties(text, spans.get(1)[0]).get("prefix") : null;
                m.mounts.add(new Mount(parent, prefix, false, Collections.singletonList(target(m, file, args.get(0), spans.get(0)[0]))));
            }
        }
    }

    /** What a mount argument names: an inline plugin function, a local router, an import, {@code require('./r')}. */
    private static Target target(JsModule m, Path file, String arg, int at) {
        for (Scope scope : m.scopes) {
            if (scope.bodyStart() >= at && scope.bodyStart() < at + arg.length() && arg.indexOf('{') == scope.bodyStart() - at) {
                return new Target(m.key, scope.unit());
            }
        }
        Matcher required = REQUIRE.matcher(arg);
        if (required.matches() && required.group(2).startsWith(".")) {
            return new Target(strip(file.getParent().resolve(required.group(2)).normalize().toString()), required.group(3));
        }
        Matcher factory = FACTORY_REQUIRE.matcher(arg);
        if (factory.matches() && factory.group(2).startsWith(".")) {
            return new Target(strip(file.getParent().resolve(factory.group(2)).normalize().toString()), null, true);
        }
        Matcher called = FACTORY_CALL.matcher(arg);
        if (called.matches() && (m.functions.containsKey(called.group(1)) || m.bindings.containsKey(called.group(1)))) {
            return new Target(m.key, called.group(1), true);
        }
        return arg.matches(IDENT) ? new Target(m.key, arg) : null;
    }

    /** The unit a receiver names at an offset: the parameter of the innermost enclosing function so named, else the module's variable. */
    private static String receiver(JsModule m, String name, int at) {
        Scope best = null;
        for (Scope scope : m.scopes) {
            if (scope.parameter().equals(name) && scope.bodyStart() < at && at < scope.bodyEnd()
                    && (best == null || scope.bodyStart() > best.bodyStart())) {
                best = scope;
            }
        }
        return best == null ? name : best.unit();
    }
}
