package io.vigil.discovery.code;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JavaScript and TypeScript endpoints: Express apps and routers ({@code app.get('/x', …)},
 * {@code router.route('/x').get(…).post(…)}, {@code app.use('/prefix', router)} and routers mounted
 * in routers, across files through {@code require}/{@code import}), Fastify ({@code fastify.get('/x', …)},
 * {@code fastify.route({method, url})}, plugins registered with {@code { prefix }}) and NestJS
 * ({@code @Controller('users')} with {@code @Get(':id')}, controllers listed in an {@code @Module},
 * {@code app.setGlobalPrefix('api')}).
 *
 * <p>Each object routes are declared on is a <em>unit</em>: a variable of a module, or the first
 * parameter of a function (a Fastify plugin, an Express {@code module.exports = (app) => …}). Mounts
 * link units, so a unit's full prefixes are every chain of mounts down from one that nothing mounts.
 * An Express router nothing mounts or imports serves nothing and is left out.
 */
final class JsScanner {

    private static final String IDENT = "[A-Za-z_$][\\w$]*";
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
    /** A relative module loaded whole, wherever: {@code routes.forEach(…)} over {@code [require('./a'), …]} still uses it. */
    private static final Pattern ANY_REQUIRE = Pattern.compile("\\b(?:require|import)\\s*\\(\\s*(['\"])(\\.[^'\"]*)\\1\\s*\\)(?!\\s*\\.)");
    private static final Pattern WHOLE_REQUIRE = Pattern.compile("(?:const|let|var)\\s+(" + IDENT + ")\\s*=\\s*require\\(\\s*(['\"])([^'\"]+)\\2\\s*\\)"
            + "(\\s*\\.\\s*" + IDENT + ")?(?!\\s*[.(\\[])");
    private static final Pattern DESTRUCTURED_REQUIRE = Pattern.compile(
            "(?:const|let|var)\\s*\\{([^}]*)\\}\\s*=\\s*require\\(\\s*(['\"])([^'\"]+)\\2\\s*\\)");
    private static final Pattern IMPORT = Pattern.compile("\\bimport\\s+(?!type\\s)(?:(" + IDENT + ")\\s*,?\\s*)?(?:\\{([^}]*)\\}|\\*\\s*as\\s+("
            + IDENT + "))?\\s*from\\s*(['\"])([^'\"]+)\\4");
    private static final Pattern DECLARATION = Pattern.compile("(?:const|let|var)\\s+(" + IDENT + ")\\s*(?::\\s*[\\w$.<>\\[\\]]+\\s*)?=\\s*([^;\\n]*)");
    private static final Pattern CALLED_PACKAGE = Pattern.compile("^(?:new\\s+)?(?:(" + IDENT + ")|require\\(\\s*(['\"])([^'\"]+)\\2\\s*\\))\\s*\\(");
    private static final Pattern CLIENT_FACTORY = Pattern.compile("^(" + IDENT + ")\\s*\\.\\s*(?:create|extend|defaults)\\s*\\(");
    private static final Pattern TYPED_CLIENT = Pattern.compile("\\b(" + IDENT + ")\\s*[?!]?\\s*:\\s*(?:HttpService|HttpClient)\\b");
    private static final Pattern EXPORT_DEFAULT = Pattern.compile("\\bmodule\\.exports\\s*=\\s*|\\bexport\\s+default\\s+");
    private static final Pattern FUNCTION = Pattern.compile("(?:async\\s+)?\\bfunction\\b\\s*\\*?\\s*(" + IDENT + ")?\\s*\\(");
    private static final Pattern ARROW = Pattern.compile("=>\\s*\\{");
    private static final Pattern NAMED_BY = Pattern.compile("(?:const|let|var)\\s+(" + IDENT + ")\\s*(?::[^=]+)?=\\s*(?:async\\s*)?$");
    private static final Pattern EXPORTED_NAME = Pattern.compile("(" + IDENT + ")\\s*(?:;|\\n|$)");
    private static final Pattern NEST_CONTROLLER = Pattern.compile("@Controller\\s*\\(");
    private static final Pattern NEST_VERB = Pattern.compile("@(Get|Post|Put|Delete|Patch|Options|Head|All)\\s*\\(");
    private static final Pattern NEST_MODULE = Pattern.compile("@Module\\s*\\(\\s*\\{");
    private static final Pattern CLASS = Pattern.compile("\\bclass\\s+(" + IDENT + ")");
    private static final Pattern GLOBAL_PREFIX = Pattern.compile("\\.setGlobalPrefix\\s*\\(\\s*(['\"`])([^'\"`]*)\\1\\s*[,)]");
    private static final Pattern OPTIONAL_PARAM = Pattern.compile("/:" + IDENT + "(?:\\([^)]*\\))?\\?");
    private static final Pattern OPTIONAL_GROUP = Pattern.compile("\\{([/.][^{}]*)\\}");
    private static final Pattern STRING = Pattern.compile("(['\"`])([^'\"`]*)\\1");

    /** Packages whose objects make outbound HTTP calls: {@code http.get('/x', cb)} on them serves nothing. */
    private static final Set<String> CLIENT_PACKAGES = Set.of("axios", "got", "ky", "superagent", "supertest", "node-fetch",
            "undici", "needle", "request", "http", "https", "cross-fetch", "isomorphic-fetch");
    /** Receivers that are HTTP clients by convention wherever they come from. */
    private static final Set<String> CLIENT_NAMES = Set.of("axios", "jQuery", "$http", "superagent", "got", "ky", "fetch");

    private enum Kind { APP, ROUTER, CLIENT, OTHER }

    /** {@code receiver.method(…)}: the receiver's name and where it starts, the method, and the call's "(". */
    private record Call(String receiver, int start, String method, int open) {
    }

    /** A route call before constants and prefixes from other files are known; {@code unit} is module-local. */
    private record Route(String framework, String method, String pathExpression, int line, String unit) {
    }

    /**
     * What an argument names: a module's default export ({@code name} null) or one of its names;
     * {@code made} when it is called, a factory whose result is the routers it creates.
     */
    private record Target(String module, String name, boolean made) {
        Target(String module, String name) {
            this(module, name, false);
        }
    }

    /**
     * {@code parent.use(prefix, …targets)} ({@code prefixFirst}: the first argument is a prefix when
     * it evaluates to a string) or {@code parent.register(target, { prefix })}.
     */
    private record Mount(String parent, String prefixExpression, boolean prefixFirst, List<Target> targets) {
    }

    private record Unit(String module, String name) {
    }

    private record Edge(Unit parent, Module module, String prefixExpression) {
    }

    /** A function's body and first parameter, the unit routes on that parameter belong to. */
    private record Scope(int bodyStart, int bodyEnd, String parameter, String name) {
        String unit() {
            return parameter + "@" + bodyStart;
        }
    }

    private record NestController(String className, List<String> prefixes, int start) {
    }

    private record NestRoute(String method, String path, int line, String controller) {
    }

    /** One source file's declarations, before other files are known. */
    private static final class Module {
        final String key;
        final String file;
        final boolean typescript;
        final Map<String, Kind> kinds = new HashMap<>();
        /** router variable → where it is declared, to tell which function creates it */
        final Map<String, Integer> routersAt = new HashMap<>();
        final Map<String, String> constants = new HashMap<>();
        final Map<String, Target> bindings = new HashMap<>();
        /** local name → bare package it stands for ("axios", "express", "express.Router") */
        final Map<String, String> packages = new HashMap<>();
        /** function name → the unit of its first parameter */
        final Map<String, String> functions = new HashMap<>();
        final List<Scope> scopes = new ArrayList<>();
        final List<Route> routes = new ArrayList<>();
        final List<Mount> mounts = new ArrayList<>();
        final List<NestRoute> nestRoutes = new ArrayList<>();
        /** modules loaded whole somewhere in this one, bound to a name or not */
        final List<Target> loaded = new ArrayList<>();
        String defaultExport;

        Module(String key, String file) {
            this.key = key;
            this.file = file;
            this.typescript = file.endsWith(".ts") || file.endsWith(".tsx");
        }
    }

    private final Map<String, Module> modules = new HashMap<>();
    private final Map<String, Module> byFile = new HashMap<>();
    private final Set<String> nestRegistered = new HashSet<>();
    private boolean nestModulesSeen;
    /** some @Module lists its controllers other than by name (a spread, a constant): trust every controller */
    private boolean nestRegistrationUnknown;
    private String nestPrefix = "";
    private Map<Unit, List<Edge>> mountsInto;
    private Set<Unit> referenced;
    private final Map<Unit, Set<String>> prefixCache = new HashMap<>();

    void add(Path file, String source) {
        String text = SourceText.withoutComments(source, false);
        Module m = new Module(strip(file.toString()), file.toString());
        modules.put(m.key, m);
        byFile.put(m.file, m);
        bindings(m, file, text);
        scopes(m, text);
        declarations(m, text);
        defaultExport(m, text);
        verbCalls(m, text);
        routeCalls(m, text);
        mounts(m, file, text);
        nest(m, text);
        Matcher prefix = GLOBAL_PREFIX.matcher(text);
        if (prefix.find()) {
            nestPrefix = prefix.group(2);
        }
        mountsInto = null;
    }

    // ---- one file ------------------------------------------------------------------------------

    private static void bindings(Module m, Path file, String text) {
        if (text.contains("require")) {
            requires(m, file, text);
        }
        Matcher loaded = ANY_REQUIRE.matcher(text);
        while ((text.contains("require") || text.contains("import")) && loaded.find()) {
            m.loaded.add(new Target(strip(file.getParent().resolve(loaded.group(2)).normalize().toString()), null));
        }
        if (text.contains("import")) {
            imports(m, file, text);
        }
    }

    /** {@code const x = require('./x')}, {@code const { a, b: c } = require('./x')}. */
    private static void requires(Module m, Path file, String text) {
        Matcher whole = WHOLE_REQUIRE.matcher(text);
        while (whole.find()) {
            String member = whole.group(4) == null ? null : whole.group(4).replaceAll("[\\s.]", "");
            bind(m, file, whole.group(1), whole.group(3), member);
        }
        Matcher destructured = DESTRUCTURED_REQUIRE.matcher(text);
        while (destructured.find()) {
            bindNamed(m, file, destructured.group(1), destructured.group(3), "\\s*:\\s*");
        }
    }

    /** {@code import x from './x'}, {@code import x, { a, b as c } from './x'}, {@code import * as x from './x'}. */
    private static void imports(Module m, Path file, String text) {
        Matcher imports = IMPORT.matcher(text);
        while (imports.find()) {
            String from = imports.group(5);
            if (imports.group(1) != null) {
                bind(m, file, imports.group(1), from, null);
            }
            if (imports.group(3) != null) {
                bind(m, file, imports.group(3), from, null);
            }
            if (imports.group(2) != null) {
                bindNamed(m, file, imports.group(2), from, "\\s+as\\s+");
            }
        }
    }

    /** {@code { a, b: c }} or {@code { a, b as c }}: each local name bound to the module's export. */
    private static void bindNamed(Module m, Path file, String names, String from, String rename) {
        for (String part : names.split(",")) {
            String[] pair = part.trim().replaceFirst("^type\\s+", "").split(rename);
            String exported = pair[0].trim();
            String local = pair.length > 1 ? pair[1].trim() : exported;
            if (exported.matches(IDENT) && local.matches(IDENT)) {
                bind(m, file, local, from, exported);
            }
        }
    }

    private static void bind(Module m, Path file, String local, String from, String member) {
        if (from.startsWith(".")) {
            m.bindings.put(local, new Target(strip(file.getParent().resolve(from).normalize().toString()), member));
        } else {
            m.packages.put(local, member == null ? from : from + "." + member);
        }
    }

    /** Functions with a block body: {@code function f(app) {…}}, {@code async (fastify, opts) => {…}}. */
    private static void scopes(Module m, String text) {
        Matcher function = FUNCTION.matcher(text);
        while (function.find()) {
            int close = skipCall(text, function.end() - 1);
            int body = text.indexOf('{', close);
            if (body >= 0 && text.substring(close, body).matches("\\s*(?::[^{;]*)?")) {
                String name = function.group(1) != null ? function.group(1) : assignedName(text, function.start());
                addScope(m, text, body, firstParameter(text.substring(function.end(), close - 1)), name);
            }
        }
        Matcher arrow = ARROW.matcher(text);
        while (arrow.find()) {
            int paramsEnd = arrow.start();
            while (paramsEnd > 0 && Character.isWhitespace(text.charAt(paramsEnd - 1))) {
                paramsEnd--;
            }
            int paramsStart = arrowParametersStart(text, paramsEnd);
            if (paramsStart < 0) {
                continue;
            }
            String params = text.substring(paramsStart, paramsEnd).replaceAll("^\\(|\\)$", "");
            addScope(m, text, arrow.end() - 1, firstParameter(params), assignedName(text, paramsStart));
        }
    }

    private static int arrowParametersStart(String text, int end) {
        if (end > 0 && text.charAt(end - 1) == ')') {
            int depth = 0;
            for (int i = end - 1; i >= 0; i--) {
                char c = text.charAt(i);
                if (c == ')') {
                    depth++;
                } else if (c == '(' && --depth == 0) {
                    return i;
                }
            }
            return -1;
        }
        int i = end;
        while (i > 0 && (Character.isLetterOrDigit(text.charAt(i - 1)) || text.charAt(i - 1) == '_' || text.charAt(i - 1) == '$')) {
            i--;
        }
        return i < end ? i : -1;
    }

    private static void addScope(Module m, String text, int body, String parameter, String name) {
        if (parameter == null) {
            return;
        }
        Scope scope = new Scope(body, skipCall(text, body), parameter, name);
        m.scopes.add(scope);
        if (name != null) {
            m.functions.putIfAbsent(name, scope.unit());
        }
    }

    /** {@code const plugin = } (or {@code = async}) right before a function: its name. */
    private static String assignedName(String text, int at) {
        Matcher named = NAMED_BY.matcher(text.substring(Math.max(0, at - 200), at));
        return named.find() ? named.group(1) : null;
    }

    private static String firstParameter(String params) {
        String first = params.split(",")[0].trim().replaceFirst("\\s*[:=?].*", "");
        return first.matches(IDENT) ? first : null;
    }

    private static void declarations(Module m, String text) {
        boolean express = m.packages.containsValue("express") || m.packages.values().stream().anyMatch(p -> p.startsWith("express."))
                || text.contains("require('express')") || text.contains("require(\"express\")");
        Matcher declaration = DECLARATION.matcher(text);
        while (declaration.find()) {
            String name = declaration.group(1);
            String value = declaration.group(2).trim();
            m.constants.putIfAbsent(name, value);
            Kind kind = kindOf(m, value, express);
            if (kind != Kind.OTHER) {
                m.kinds.put(name, kind);
            }
            if (kind == Kind.ROUTER) {
                m.routersAt.putIfAbsent(name, declaration.start());
            }
        }
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

    /** What {@code const x = value} makes: an app ({@code express()}, {@code Fastify()}), a router, an HTTP client. */
    private static Kind kindOf(Module m, String value, boolean express) {
        String v = value.replaceFirst("^await\\s+", "");
        if (express && v.matches("(?:new\\s+)?(?:[\\w$.]*\\.)?Router\\s*\\(.*|require\\(\\s*['\"]express['\"]\\s*\\)\\s*\\.\\s*Router\\s*\\(.*")) {
            return Kind.ROUTER;
        }
        Matcher called = CALLED_PACKAGE.matcher(v);
        if (called.find()) {
            String pkg = called.group(1) != null ? m.packages.get(called.group(1)) : called.group(3);
            if ("express".equals(pkg) || "fastify".equals(pkg) || "fastify.fastify".equals(pkg)) {
                return Kind.APP;
            }
            if ("express.Router".equals(pkg)) {
                return Kind.ROUTER;
            }
        }
        Matcher factory = CLIENT_FACTORY.matcher(v);
        if (factory.find() && (CLIENT_PACKAGES.contains(m.packages.getOrDefault(factory.group(1), "")) || CLIENT_NAMES.contains(factory.group(1)))) {
            return Kind.CLIENT;
        }
        return Kind.OTHER;
    }

    /** {@code module.exports = router}, {@code export default function (fastify) {…}}. */
    private static void defaultExport(Module m, String text) {
        Matcher export = EXPORT_DEFAULT.matcher(text);
        while (export.find()) {
            Matcher name = EXPORTED_NAME.matcher(text).region(export.end(), text.length());
            if (name.lookingAt() && !name.group(1).equals("function") && !name.group(1).equals("class")) {
                m.defaultExport = name.group(1);
                continue;
            }
            for (Scope scope : m.scopes) {
                if (scope.bodyStart() < export.end()) {
                    continue;
                }
                String between = text.substring(export.end(), Math.min(scope.bodyStart(), text.length()));
                if (between.matches("(?s)(?:async\\s+)?(?:function\\b[^{]*|\\([^{]*|" + IDENT + "\\s*=>\\s*)")) {
                    m.defaultExport = scope.unit();
                    break;
                }
            }
        }
    }

    private void verbCalls(Module m, String text) {
        boolean fastify = text.contains("fastify");
        for (Call call : calls(text, VERB_CALL)) {
            List<String> args = arguments(text, call.open());
            if (args.size() < 2 || isOutboundCall(args)) {
                continue;
            }
            m.routes.add(new Route(fastify ? "fastify" : "express", verb(call.method()), args.get(0), SourceText.line(text, call.start()),
                    receiver(m, call.receiver(), call.start())));
        }
    }

    /**
     * An HTTP client's call, not a route: its last argument is a request body or options object
     * ({@code http.post('/x', { id })}), where a route's is its handler (Fastify's route options
     * only stand last when they carry the handler).
     */
    private static boolean isOutboundCall(List<String> args) {
        String last = args.get(args.size() - 1);
        return last.startsWith("{") && !last.matches("(?s)\\{.*\\bhandler\\s*[:(,}].*");
    }

    /** {@code app.route('/x').get(…).post(…)} (Express) and {@code fastify.route({ method, url, handler })}. */
    private void routeCalls(Module m, String text) {
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

    private void routeChain(Module m, String text, Call call, String path) {
        int at = skipCall(text, call.open());
        Matcher verb = CHAINED_VERB.matcher(text).region(at, text.length());
        while (verb.lookingAt()) {
            m.routes.add(new Route("express", verb(verb.group(1)), path, SourceText.line(text, verb.start(1)),
                    receiver(m, call.receiver(), call.start())));
            at = skipCall(text, verb.end() - 1);
            verb = CHAINED_VERB.matcher(text).region(at, text.length());
        }
    }

    private void fastifyRoute(Module m, String text, Call call) {
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
    private void mounts(Module m, Path file, String text) {
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
    private static Target target(Module m, Path file, String arg, int at) {
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
    private static String receiver(Module m, String name, int at) {
        Scope best = null;
        for (Scope scope : m.scopes) {
            if (scope.parameter().equals(name) && scope.bodyStart() < at && at < scope.bodyEnd()
                    && (best == null || scope.bodyStart() > best.bodyStart())) {
                best = scope;
            }
        }
        return best == null ? name : best.unit();
    }

    // ---- NestJS --------------------------------------------------------------------------------

    private void nest(Module m, String text) {
        Matcher module = NEST_MODULE.matcher(text);
        while (module.find()) {
            nestModulesSeen = true;
            String listed = properties(text, module.end() - 1).get("controllers");
            if (listed != null && listed.matches("\\[[\\w$,\\s]*\\]")) {
                for (String name : listed.replaceAll("[\\[\\]\\s]", "").split(",")) {
                    nestRegistered.add(name);
                }
            } else if (listed != null) {
                nestRegistrationUnknown = true;
            }
        }
        List<NestController> controllers = new ArrayList<>();
        Matcher controller = NEST_CONTROLLER.matcher(text);
        while (controller.find()) {
            int end = skipCall(text, controller.end() - 1);
            Matcher name = CLASS.matcher(text).region(end, text.length());
            String argument = text.substring(controller.end(), Math.max(controller.end(), end - 1)).trim();
            if (argument.startsWith("{")) {
                argument = properties(text, text.indexOf('{', controller.end())).getOrDefault("path", "");
            }
            List<String> prefixes = literals(argument);
            if (prefixes == null) {
                String value = evaluate(m, argument, 0);
                prefixes = value == null ? List.of() : List.of(value);
            }
            controllers.add(new NestController(name.find() ? name.group(1) : "", prefixes, controller.start()));
        }
        if (controllers.isEmpty()) {
            return;
        }
        Matcher verb = NEST_VERB.matcher(text);
        while (verb.find()) {
            NestController owner = null;
            for (NestController c : controllers) {
                if (c.start() < verb.start()) {
                    owner = c;
                }
            }
            int end = skipCall(text, verb.end() - 1);
            List<String> paths = literals(text.substring(verb.end(), Math.max(verb.end(), end - 1)).trim());
            if (owner == null || paths == null) {
                continue;
            }
            for (String prefix : owner.prefixes()) {
                for (String path : paths) {
                    m.nestRoutes.add(new NestRoute(verb(verb.group(1)), Templates.join("/" + prefix, path), SourceText.line(text, verb),
                            owner.className()));
                }
            }
        }
    }

    /** A decorator argument's paths: none given is {@code ""}, a string, an array of strings; null when not literal. */
    private static List<String> literals(String argument) {
        if (argument.isEmpty()) {
            return List.of("");
        }
        if (!argument.startsWith("[") && !STRING.matcher(argument).matches()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        Matcher s = STRING.matcher(argument);
        while (s.find()) {
            out.add(s.group(2));
        }
        return out.isEmpty() ? List.of("") : out;
    }

    // ---- across files --------------------------------------------------------------------------

    List<CodeEndpoint> endpoints(Path file) {
        Module m = byFile.get(file.toString());
        if (m == null) {
            return List.of();
        }
        link();
        String language = m.typescript ? "typescript" : "javascript";
        List<CodeEndpoint> out = new ArrayList<>();
        for (Route r : m.routes) {
            String path = evaluate(m, r.pathExpression(), 0);
            if (path == null || !(path.startsWith("/") || path.equals("*")) || isClient(m, r.unit())) {
                continue;
            }
            for (String prefix : prefixes(unit(m, r.unit(), 0))) {
                for (String expanded : withOptionalSegments(path)) {
                    out.add(new CodeEndpoint(language, r.framework(), r.method(), Templates.normalize(Templates.join(prefix, expanded)),
                            m.file, r.line()));
                }
            }
        }
        String global = nestPrefix.isEmpty() ? "" : "/" + nestPrefix;
        for (NestRoute r : m.nestRoutes) {
            // Nest serves only controllers some @Module lists; with no modules in sight, trust them all.
            if (!nestModulesSeen || nestRegistrationUnknown || nestRegistered.contains(r.controller())) {
                out.add(new CodeEndpoint(language, "nestjs", r.method(), Templates.normalize(Templates.join(global, r.path())), m.file, r.line()));
            }
        }
        return out;
    }

    private void link() {
        if (mountsInto != null) {
            return;
        }
        mountsInto = new HashMap<>();
        referenced = new HashSet<>();
        prefixCache.clear();
        for (Module m : modules.values()) {
            for (Target bound : m.bindings.values()) {
                referenced.addAll(units(bound, 0));
            }
            for (Target loaded : m.loaded) {
                referenced.addAll(units(loaded, 0));
            }
            for (Mount mount : m.mounts) {
                link(m, mount);
            }
        }
    }

    private void link(Module m, Mount mount) {
        Unit parent = unit(m, mount.parent(), 0);
        List<Target> targets = mount.targets();
        String prefix = mount.prefixExpression();
        if (mount.prefixFirst()) {
            // app.use('/p', router) or app.use(router): the first argument is a prefix when it is a string.
            boolean isPrefix = evaluate(m, prefix, 0) != null;
            targets = isPrefix ? targets.subList(1, targets.size()) : targets;
            prefix = isPrefix ? prefix : null;
        }
        for (Target t : targets) {
            if (t == null) {
                continue;
            }
            for (Unit child : units(t, 0)) {
                if (!child.equals(parent)) {
                    mountsInto.computeIfAbsent(child, k -> new ArrayList<>()).add(new Edge(parent, m, prefix));
                }
            }
        }
    }

    /** Every full prefix a unit is served under; none for a router nothing mounts or imports. */
    private Set<String> prefixes(Unit u) {
        Set<String> cached = prefixCache.get(u);
        if (cached != null) {
            return cached;
        }
        prefixCache.put(u, Set.of());   // a mount cycle serves nothing more
        Set<String> out = new LinkedHashSet<>();
        List<Edge> edges = mountsInto.getOrDefault(u, List.of());
        for (Edge e : edges) {
            String own = e.prefixExpression() == null ? "" : evaluate(e.module(), e.prefixExpression(), 0);
            for (String above : prefixes(e.parent())) {
                out.add(Templates.join(above, own == null ? "" : own).replaceAll("^/$", ""));
            }
        }
        if (edges.isEmpty() && !(kind(u) == Kind.ROUTER && !referenced.contains(u))) {
            out.add("");
        }
        prefixCache.put(u, out);
        return out;
    }

    private Kind kind(Unit u) {
        Module m = modules.get(u.module());
        return m == null ? Kind.OTHER : m.kinds.getOrDefault(u.name(), Kind.OTHER);
    }

    private boolean isClient(Module m, String local) {
        if (CLIENT_NAMES.contains(local)) {
            return true;
        }
        return kind(unit(m, local, 0)) == Kind.CLIENT || m.kinds.get(local) == Kind.CLIENT;
    }

    /** A module-local name as a unit: its own variable or parameter, or what it was imported from. */
    private Unit unit(Module m, String local, int depth) {
        if (depth < 8 && !local.contains("@") && !m.kinds.containsKey(local) && m.bindings.containsKey(local)) {
            List<Unit> bound = units(m.bindings.get(local), depth + 1);
            if (bound.size() == 1) {
                return bound.get(0);
            }
        }
        return new Unit(m.key, m.functions.getOrDefault(local, local));
    }

    /** The units a target names; a module without a recognisable default export offers all its routers. */
    private List<Unit> units(Target t, int depth) {
        Module m = modules.get(t.module());
        if (m == null || depth > 8) {
            return List.of();
        }
        if (t.made()) {
            return madeBy(m, t, depth);
        }
        String name = t.name() != null ? t.name() : m.defaultExport;
        if (name != null) {
            return List.of(unit(m, name, depth));
        }
        Set<String> locals = new LinkedHashSet<>();
        m.kinds.forEach((local, kind) -> {
            if (kind == Kind.ROUTER) {
                locals.add(local);
            }
        });
        m.routes.forEach(r -> locals.add(r.unit()));
        m.mounts.forEach(mount -> locals.add(mount.parent()));
        List<Unit> out = new ArrayList<>();
        for (String local : locals) {
            Kind kind = m.kinds.getOrDefault(local, Kind.OTHER);
            if (kind != Kind.APP && kind != Kind.CLIENT) {
                out.add(new Unit(m.key, local));
            }
        }
        return out;
    }

    /** The routers a factory creates ({@code module.exports = (db) => { const router = Router(); …; return router; }}). */
    private List<Unit> madeBy(Module m, Target t, int depth) {
        Target bound = t.name() == null || m.functions.containsKey(t.name()) ? null : m.bindings.get(t.name());
        if (bound != null) {
            return units(new Target(bound.module(), bound.name(), true), depth + 1);
        }
        String factory = t.name() != null ? m.functions.get(t.name())
                : m.defaultExport == null ? null : m.functions.getOrDefault(m.defaultExport, m.defaultExport);
        Scope body = m.scopes.stream().filter(s -> s.unit().equals(factory)).findFirst().orElse(null);
        List<Unit> out = new ArrayList<>();
        m.routersAt.forEach((local, at) -> {
            if (body == null || (body.bodyStart() < at && at < body.bodyEnd())) {
                out.add(new Unit(m.key, local));
            }
        });
        return out.isEmpty() ? units(new Target(t.module(), t.name()), depth + 1) : out;
    }

    /**
     * A string expression's value: literals, template literals and {@code +} over constants of this
     * module or imported ones; null when anything in it is only known at run time.
     */
    private String evaluate(Module m, String expression, int depth) {
        if (expression == null || depth > 8) {
            return null;
        }
        String e = expression.trim().replaceFirst("\\s+as\\s+const$", "");
        List<String> parts = splitTopLevel(e, '+');
        if (parts.size() > 1) {
            StringBuilder out = new StringBuilder();
            for (String part : parts) {
                String value = evaluate(m, part, depth + 1);
                if (value == null) {
                    return null;
                }
                out.append(value);
            }
            return out.toString();
        }
        if (e.length() >= 2 && (e.charAt(0) == '\'' || e.charAt(0) == '"') && e.charAt(e.length() - 1) == e.charAt(0)
                && e.indexOf(e.charAt(0), 1) == e.length() - 1) {
            return e.substring(1, e.length() - 1);
        }
        if (e.length() >= 2 && e.charAt(0) == '`' && e.charAt(e.length() - 1) == '`' && e.indexOf('`', 1) == e.length() - 1) {
            return interpolate(m, e.substring(1, e.length() - 1), depth);
        }
        return e.matches(IDENT) ? constant(m, e, depth) : null;
    }

    private String interpolate(Module m, String template, int depth) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf("${", i);
            if (open < 0) {
                break;
            }
            int close = template.indexOf('}', open);
            String value = close < 0 ? null : evaluate(m, template.substring(open + 2, close), depth + 1);
            if (value == null) {
                return null;
            }
            out.append(template, i, open).append(value);
            i = close + 1;
        }
        return out.append(template.substring(i)).toString();
    }

    private String constant(Module m, String name, int depth) {
        if (m.constants.containsKey(name)) {
            return evaluate(m, m.constants.get(name), depth + 1);
        }
        Target bound = m.bindings.get(name);
        Module from = bound == null || bound.name() == null ? null : modules.get(bound.module());
        return from == null ? null : constant(from, bound.name(), depth + 1);
    }

    /** Express's optional segments, {@code /:year?} (4) and {@code {/:year}} (5): each path they match. */
    private static List<String> withOptionalSegments(String path) {
        Matcher group = OPTIONAL_GROUP.matcher(path);
        if (group.find()) {
            List<String> out = new ArrayList<>();
            for (String rest : withOptionalSegments(path.substring(group.end()))) {
                out.add(path.substring(0, group.start()) + rest);
                out.add(path.substring(0, group.start()) + group.group(1) + rest);
            }
            return out.stream().flatMap(p -> withOptionalSegments(p).stream()).distinct().toList();
        }
        Matcher param = OPTIONAL_PARAM.matcher(path);
        if (!param.find()) {
            return List.of(path);
        }
        List<String> out = new ArrayList<>();
        String head = path.substring(0, param.start());
        String segment = path.substring(param.start(), param.end() - 1);
        for (String rest : withOptionalSegments(path.substring(param.end()))) {
            out.add(head + rest);
            out.add(head + segment + rest);
        }
        return out;
    }

    // ---- text helpers --------------------------------------------------------------------------

    /** Each {@code receiver.method(} whose method the pattern (from the ".", method as group 1, up to the "(") matches. */
    private static List<Call> calls(String text, Pattern method) {
        List<Call> out = new ArrayList<>();
        Matcher m = method.matcher(text);
        while (m.find()) {
            int end = m.start();
            while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
                end--;
            }
            int start = end;
            while (start > 0 && isIdentifierPart(text.charAt(start - 1))) {
                start--;
            }
            if (start < end && !Character.isDigit(text.charAt(start))) {
                out.add(new Call(text.substring(start, end), start, m.group(1), m.end() - 1));
            }
        }
        return out;
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static String verb(String name) {
        String v = name.toUpperCase(Locale.ROOT);
        return v.equals("ALL") ? "*" : v;
    }

    /** The top-level arguments of the call whose "(" is at {@code open}, trimmed. */
    private static List<String> arguments(String text, int open) {
        List<String> out = new ArrayList<>();
        for (int[] span : argumentSpans(text, open)) {
            out.add(text.substring(span[0], span[1]).trim());
        }
        return out;
    }

    /** Start and end of each top-level item between the bracket at {@code open} and its match, blanks left out. */
    private static List<int[]> argumentSpans(String text, int open) {
        List<int[]> out = new ArrayList<>();
        int end = skipCall(text, open) - 1;
        int start = open + 1;
        int depth = 0;
        for (int i = open + 1; i <= end && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = stringEnd(text, i);
            } else if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if ((c == ')' || c == '}' || c == ']') && depth > 0) {
                depth--;
            } else if ((c == ',' && depth == 0) || i == end) {
                int s = start;
                while (s < i && Character.isWhitespace(text.charAt(s))) {
                    s++;
                }
                if (s < i) {
                    out.add(new int[] {s, i});
                }
                start = i + 1;
            }
        }
        return out;
    }

    /** An object literal's top-level {@code key: value} pairs (shorthand {@code { handler }} as itself). */
    private static Map<String, String> properties(String text, int open) {
        Map<String, String> out = new HashMap<>();
        for (String item : arguments(text, open)) {
            Matcher pair = Pattern.compile("(?s)['\"]?(" + IDENT + ")['\"]?\\s*:\\s*(.*)").matcher(item);
            if (pair.matches()) {
                out.put(pair.group(1), pair.group(2).trim());
            } else if (item.matches(IDENT)) {
                out.put(item, item);
            }
        }
        return out;
    }

    private static List<String> splitTopLevel(String e, char separator) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = stringEnd(e, i);
            } else if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (c == separator && depth == 0) {
                out.add(e.substring(start, i));
                start = i + 1;
            }
        }
        out.add(e.substring(start));
        return out;
    }

    /** Index of the quote closing the string that opens at {@code start} (a template literal's {@code ${…}} included). */
    private static int stringEnd(String text, int start) {
        char quote = text.charAt(start);
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            } else if (c == '\n' && quote != '`') {
                return i;
            }
        }
        return text.length() - 1;
    }

    /** Past the bracket matching the one at {@code open}: parentheses, braces and brackets, strings skipped. */
    private static int skipCall(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = stringEnd(text, i);
            } else if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        return text.length();
    }

    /** A module's identity: its path without extension, a directory's {@code index} as the directory. */
    private static String strip(String path) {
        String p = path;
        for (String ext : List.of(".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx")) {
            if (p.endsWith(ext)) {
                p = p.substring(0, p.length() - ext.length());
                break;
            }
        }
        return p.endsWith("/index") ? p.substring(0, p.length() - "/index".length()) : p;
    }
}
