package io.vigil.discovery.code;

import java.nio.file.Path;
import java.util.ArrayList;
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
 * Python endpoints: Flask ({@code @app.route('/x', methods=[…])}, {@code @bp.get('/x')},
 * {@code add_url_rule}, blueprints' {@code url_prefix} at creation or registration, blueprints in
 * blueprints), FastAPI ({@code @app.get('/x')}, {@code add_api_route}, {@code APIRouter(prefix=…)},
 * {@code include_router(module.router, prefix=…)}, routers in routers) and Django {@code urls.py}
 * ({@code path()}, {@code re_path()}, {@code url()}, {@code include('app.urls')} from
 * {@code ROOT_URLCONF} down).
 *
 * <p>Names are followed across modules: imports (relative ones too), module constants, and class
 * attributes of a settings object ({@code settings.api_prefix}). A blueprint or router that is
 * neither registered nor imported anywhere serves nothing and is left out, as is a urls module
 * that the root urls module does not reach.
 */
final class PythonScanner {

    private static final String NAME = "[A-Za-z_]\\w*";
    private static final String DOTTED = NAME + "(?:\\s*\\.\\s*" + NAME + ")*";
    private static final Pattern CONSTRUCTOR = Pattern.compile("(?m)^[ \\t]*(" + NAME + ")\\s*(?::[^=\\n]+)?=\\s*(?:flask\\.|fastapi\\.)?"
            + "(Blueprint|APIRouter|FastAPI|Flask)\\s*\\(");
    private static final Pattern DECORATOR = Pattern.compile("@(" + DOTTED + ")\\s*\\.\\s*(route|get|post|put|delete|patch|options|head|api_route)\\s*\\(");
    private static final Pattern MENTIONS_VERB = Pattern.compile("\\.\\s*(?:get|post|put|delete|patch|options|head)\\s*\\(");
    private static final Pattern URL_RULE = Pattern.compile("\\b(" + DOTTED + ")\\s*\\.\\s*(add_url_rule|add_api_route)\\s*\\(");
    private static final Pattern REGISTER = Pattern.compile("\\b(" + DOTTED + ")\\s*\\.\\s*(register_blueprint|include_router)\\s*\\(");
    private static final Pattern FROM_IMPORT = Pattern.compile("(?m)^[ \\t]*from\\s+(\\.*[\\w.]*)\\s+import\\s+(?:\\(([^)]*)\\)|([^\\n]*))");
    private static final Pattern IMPORT = Pattern.compile("(?m)^[ \\t]*import\\s+([^\\n]*)");
    private static final Pattern ASSIGNMENT = Pattern.compile("(?m)^(" + NAME + ")\\s*(?::[^=\\n]+)?=(?!=)\\s*([^\\n]+)");
    private static final Pattern CLASS = Pattern.compile("(?m)^class\\s+(" + NAME + ")[^\\n]*:[ \\t]*\\n");
    private static final Pattern ATTRIBUTE = Pattern.compile("(?m)^([ \\t]+)(" + NAME + ")\\s*(?::[^=\\n]+)?=(?!=)\\s*([^\\n]+)");
    private static final Pattern FUNCTION = Pattern.compile("(?m)^def\\s+(" + NAME + ")\\s*\\(");
    private static final Pattern RETURNED_CALL = Pattern.compile("\\breturn\\s+(" + DOTTED + ")\\s*\\(");
    private static final Pattern CALL = Pattern.compile("(?s)(" + DOTTED + ")\\s*\\((.*)\\)");
    /** A setting read from the environment ({@code os.getenv('X', '/d')}) or declared with pydantic's {@code Field('/d')}. */
    private static final Pattern DEFAULTED = Pattern.compile("(?s)(?:(?:os\\s*\\.\\s*)?(getenv|environ\\s*\\.\\s*get)|Field)\\s*\\((.*)\\)");
    private static final Pattern STRING = Pattern.compile("(?s)([rRbBuUfF]{0,2})('''|\"\"\"|'|\")(.*)\\2");
    private static final Pattern METHOD_NAMES = Pattern.compile("['\"](\\w+)['\"]");
    private static final Pattern DJANGO = Pattern.compile("\\b(path|re_path|url)\\(\\s*[rRbBuU]?(['\"])(.*?)\\2\\s*,\\s*([^\\n]*)");
    private static final Pattern INCLUDE_LITERAL = Pattern.compile("include\\(\\s*\\(?\\s*(['\"])([\\w.]+)\\1");
    private static final Pattern INCLUDE_NAME = Pattern.compile("include\\(\\s*(" + DOTTED + ")\\s*[,)]");
    private static final Pattern ATTRIBUTE_USE = Pattern.compile("\\b(" + NAME + ")\\s*\\.\\s*(" + NAME + ")");
    private static final Pattern ROOT_URLCONF = Pattern.compile("\\bROOT_URLCONF\\s*=\\s*(['\"])([\\w.]+)\\1");

    private enum Kind { APP, ROUTER }

    /** A Flask/FastAPI app or a blueprint/router variable: its framework and the prefix it was created with. */
    private record Router(Kind kind, String framework, String prefixExpression) {
    }

    /** A route before names from other modules are known; {@code owner} is the decorated object as written. */
    private record Route(String owner, String method, String pathExpression, int line) {
    }

    /** {@code parent.register_blueprint(target, url_prefix=…)}; a null prefix was not given. */
    private record Mount(String parent, String target, String prefixExpression) {
    }

    /** Django: {@code include(…)} in {@code includer} under {@code prefix}; {@code literal} when a dotted module name was quoted. */
    private record Include(Module includer, String included, boolean literal, String prefix) {
    }

    private record DjangoRoute(String path, int line) {
    }

    private record Unit(Module module, String name) {
    }

    private record Edge(Unit parent, String prefix) {
    }

    /** What a name stands for once followed: a module, an app/router, a string, or a class (or its instance). */
    private record Value(Module module, String unit, String string, String className) {
        static Value ofModule(Module m) {
            return new Value(m, null, null, null);
        }
    }

    private static final class Module {
        final Path file;
        final String name;
        final String pkg;
        final boolean fastapi;
        final Map<String, Router> routers = new HashMap<>();
        final Map<String, String> assignments = new HashMap<>();
        final Map<String, Map<String, String>> classes = new HashMap<>();
        final Map<String, String> returnedCalls = new HashMap<>();
        /** local name → "module" or "module:member" as imported */
        final Map<String, String> imports = new HashMap<>();
        final List<Route> routes = new ArrayList<>();
        final List<Mount> mounts = new ArrayList<>();
        final List<DjangoRoute> djangoRoutes = new ArrayList<>();
        /** {@code users.router} where {@code users} is imported: a use of whatever that names */
        final Set<String> importedAttributes = new HashSet<>();

        Module(Path file, String name, String pkg, boolean fastapi) {
            this.file = file;
            this.name = name;
            this.pkg = pkg;
            this.fastapi = fastapi;
        }
    }

    private final Map<Path, Module> byFile = new HashMap<>();
    private final Map<String, Module> byName = new HashMap<>();
    /** last dotted part → modules so named, to find {@code app.config} when the scan root is above {@code app} */
    private final Map<String, List<Module>> byLastPart = new HashMap<>();
    private final List<Include> includes = new ArrayList<>();
    private final Set<String> rootUrlConfs = new HashSet<>();
    private Map<Unit, List<Edge>> mountsInto;
    private Set<Unit> referenced;
    private final Map<Unit, Set<String>> prefixCache = new HashMap<>();
    private final Map<Module, Set<String>> djangoCache = new HashMap<>();

    void add(Path root, Path file, String source) {
        String text = SourceText.withoutComments(source, true);
        String name = moduleName(root, file);
        boolean isPackage = file.getFileName().toString().equals("__init__.py");
        String pkg = isPackage ? name : name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "";
        Module m = new Module(file, name, pkg, text.contains("fastapi"));
        byFile.put(file, m);
        byName.put(name, m);
        byLastPart.computeIfAbsent(name.substring(name.lastIndexOf('.') + 1), k -> new ArrayList<>()).add(m);
        imports(m, text);
        importedAttributes(m, text);
        assignments(m, text);
        routers(m, text);
        routes(m, text);
        mounts(m, text);
        django(m, text);
        mountsInto = null;
    }

    private static String moduleName(Path root, Path file) {
        Path relative = root.relativize(file);
        String dotted = relative.toString().replace('/', '.').replace('\\', '.').replaceAll("\\.py$", "");
        return dotted.endsWith(".__init__") ? dotted.substring(0, dotted.length() - ".__init__".length())
                : dotted.equals("__init__") ? "" : dotted;
    }

    // ---- one file ------------------------------------------------------------------------------

    private static void imports(Module m, String text) {
        Matcher from = FROM_IMPORT.matcher(text);
        while (from.find()) {
            String module = absolute(m, from.group(1));
            String names = from.group(2) != null ? from.group(2) : from.group(3);
            for (String part : names.split(",")) {
                String[] pair = part.trim().split("\\s+as\\s+");
                if (pair[0].matches(NAME)) {
                    m.imports.put(pair.length > 1 ? pair[1].trim() : pair[0], module + ":" + pair[0]);
                }
            }
        }
        Matcher plain = IMPORT.matcher(text);
        while (plain.find()) {
            for (String part : plain.group(1).split(",")) {
                String[] pair = part.trim().split("\\s+as\\s+");
                String module = pair[0].trim();
                if (module.matches(DOTTED)) {
                    // "import a.b" binds a; "import a.b as c" binds c to a.b
                    m.imports.put(pair.length > 1 ? pair[1].trim() : module.split("\\.")[0], pair.length > 1 ? module : module.split("\\.")[0]);
                }
            }
        }
    }

    private static void importedAttributes(Module m, String text) {
        Matcher use = ATTRIBUTE_USE.matcher(text);
        while (!m.imports.isEmpty() && use.find()) {
            if (m.imports.containsKey(use.group(1))) {
                m.importedAttributes.add(use.group(1) + "." + use.group(2));
            }
        }
    }

    /** {@code from ..config import x} in package {@code app.routers}: {@code app.config}. */
    private static String absolute(Module m, String module) {
        int level = 0;
        while (level < module.length() && module.charAt(level) == '.') {
            level++;
        }
        if (level == 0) {
            return module;
        }
        String base = m.pkg;
        for (int i = 1; i < level; i++) {
            base = base.contains(".") ? base.substring(0, base.lastIndexOf('.')) : "";
        }
        String rest = module.substring(level);
        return base.isEmpty() ? rest : rest.isEmpty() ? base : base + "." + rest;
    }

    /** Module-level assignments, class attributes, and what module-level functions return (settings factories). */
    private static void assignments(Module m, String text) {
        Matcher assignment = ASSIGNMENT.matcher(text);
        while (assignment.find()) {
            m.assignments.putIfAbsent(assignment.group(1), assignment.group(2).trim());
        }
        Matcher cls = CLASS.matcher(text);
        while (cls.find()) {
            Map<String, String> attributes = new HashMap<>();
            String body = indentedBlock(text, cls.end());
            Matcher attribute = ATTRIBUTE.matcher(body);
            // the class's own attributes, not those assigned in its methods or nested classes
            String indent = firstIndent(body);
            while (attribute.find()) {
                if (attribute.group(1).equals(indent)) {
                    attributes.putIfAbsent(attribute.group(2), attribute.group(3).trim());
                }
            }
            m.classes.put(cls.group(1), attributes);
        }
        Matcher function = FUNCTION.matcher(text);
        while (function.find()) {
            Matcher returned = RETURNED_CALL.matcher(indentedBlock(text, text.indexOf('\n', function.end()) + 1));
            if (returned.find()) {
                m.returnedCalls.put(function.group(1), returned.group(1));
            }
        }
    }

    private static String firstIndent(String block) {
        for (String line : block.split("\n")) {
            if (!line.isBlank()) {
                return line.substring(0, line.length() - line.stripLeading().length());
            }
        }
        return "";
    }

    /** The indented lines from {@code start} up to the next line at column 0. */
    private static String indentedBlock(String text, int start) {
        if (start <= 0) {
            return "";
        }
        int end = start;
        // a line that starts with whitespace (blank ones included) is still inside the block
        while (end < text.length() && Character.isWhitespace(text.charAt(end))) {
            int next = text.indexOf('\n', end);
            end = next < 0 ? text.length() : next + 1;
        }
        return text.substring(start, end);
    }


    private static void routers(Module m, String text) {
        Matcher constructor = CONSTRUCTOR.matcher(text);
        while (constructor.find()) {
            String type = constructor.group(2);
            Kind kind = type.equals("Flask") || type.equals("FastAPI") ? Kind.APP : Kind.ROUTER;
            String framework = type.equals("Flask") || type.equals("Blueprint") ? "flask" : "fastapi";
            List<String> args = arguments(text, constructor.end() - 1);
            String prefix = kind == Kind.APP ? null : keyword(args, framework.equals("flask") ? "url_prefix" : "prefix");
            m.routers.put(constructor.group(1), new Router(kind, framework, prefix));
        }
    }

    private static void routes(Module m, String text) {
        Matcher decorator = DECORATOR.matcher(text);
        boolean decorators = text.contains("route") || MENTIONS_VERB.matcher(text).find();
        while (decorators && decorator.find()) {
            String kind = decorator.group(2);
            List<String> args = arguments(text, decorator.end() - 1);
            boolean listed = kind.equals("route") || kind.equals("api_route");
            addRoutes(m, decorator.group(1), args, listed ? methods(args) : List.of(kind.toUpperCase(Locale.ROOT)), SourceText.line(text, decorator));
        }
        Matcher rule = URL_RULE.matcher(text);
        boolean urlRules = text.contains("add_url_rule") || text.contains("add_api_route");
        while (urlRules && rule.find()) {
            List<String> args = arguments(text, rule.end() - 1);
            addRoutes(m, rule.group(1), args, methods(args), SourceText.line(text, rule));
        }
    }

    private static void addRoutes(Module m, String owner, List<String> args, List<String> methods, int line) {
        String path = positional(args, 0);
        if (path == null) {
            path = keyword(args, "rule") != null ? keyword(args, "rule") : keyword(args, "path");
        }
        if (path == null) {
            return;
        }
        for (String method : methods) {
            m.routes.add(new Route(owner.replaceAll("\\s", ""), method, path, line));
        }
    }

    /** {@code methods=[…]} or {@code methods=(…)}; GET when none are given (Flask and FastAPI alike). */
    private static List<String> methods(List<String> args) {
        String listed = keyword(args, "methods");
        List<String> out = new ArrayList<>();
        if (listed != null) {
            Matcher name = METHOD_NAMES.matcher(listed);
            while (name.find()) {
                out.add(name.group(1).toUpperCase(Locale.ROOT));
            }
        }
        return out.isEmpty() ? List.of("GET") : out;
    }

    private static void mounts(Module m, String text) {
        if (!text.contains("register_blueprint") && !text.contains("include_router")) {
            return;
        }
        Matcher register = REGISTER.matcher(text);
        while (register.find()) {
            List<String> args = arguments(text, register.end() - 1);
            String target = positional(args, 0);
            if (target != null && target.matches(DOTTED)) {
                String prefix = keyword(args, register.group(2).equals("register_blueprint") ? "url_prefix" : "prefix");
                m.mounts.add(new Mount(register.group(1).replaceAll("\\s", ""), target.replaceAll("\\s", ""), prefix));
            }
        }
    }

    private void django(Module m, String text) {
        Matcher root = ROOT_URLCONF.matcher(text);
        while (text.contains("ROOT_URLCONF") && root.find()) {
            rootUrlConfs.add(root.group(2));
        }
        if (!text.contains("urlpatterns")) {
            return;
        }
        Matcher route = DJANGO.matcher(text);
        while (route.find()) {
            Matcher literal = INCLUDE_LITERAL.matcher(route.group(4));
            Matcher named = INCLUDE_NAME.matcher(route.group(4));
            if (literal.find()) {
                includes.add(new Include(m, literal.group(2), true, route.group(3)));
            } else if (named.find()) {
                includes.add(new Include(m, named.group(1).replaceAll("\\s", ""), false, route.group(3)));
            } else {
                m.djangoRoutes.add(new DjangoRoute(route.group(3), SourceText.line(text, route)));
            }
        }
    }

    // ---- across files --------------------------------------------------------------------------

    List<CodeEndpoint> endpoints(Path file) {
        Module m = byFile.get(file);
        if (m == null) {
            return List.of();
        }
        link();
        List<CodeEndpoint> out = new ArrayList<>();
        for (Route r : m.routes) {
            String path = evaluate(m, r.pathExpression(), 0);
            if (path == null) {
                continue;
            }
            Unit owner = owner(m, r.owner());
            Router router = router(owner);
            String framework = router != null ? router.framework() : m.fastapi ? "fastapi" : "flask";
            for (String prefix : prefixes(owner)) {
                out.add(new CodeEndpoint("python", framework, r.method(), Templates.normalize(Templates.join(prefix, path)), file.toString(),
                        r.line()));
            }
        }
        for (DjangoRoute r : m.djangoRoutes) {
            for (String prefix : djangoPrefixes(m, 0)) {
                out.add(new CodeEndpoint("python", "django", "*", Templates.normalize(Templates.join(prefix, r.path())), file.toString(),
                        r.line()));
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
        djangoCache.clear();
        Set<String> routerNames = new HashSet<>();
        byFile.values().forEach(m -> routerNames.addAll(m.routers.keySet()));
        for (Module m : byFile.values()) {
            for (Map.Entry<String, String> imported : m.imports.entrySet()) {
                if (!routerNames.contains(imported.getValue().substring(imported.getValue().indexOf(':') + 1))) {
                    continue;   // only "from x import bp" names a router itself
                }
                Value v = resolve(m, imported.getKey(), 0);
                if (v != null && v.unit() != null) {
                    referenced.add(new Unit(v.module(), v.unit()));
                }
            }
            for (String attribute : m.importedAttributes) {
                // routers = [users.router, items.router]; for r in routers: app.include_router(r)
                if (routerNames.contains(attribute.substring(attribute.indexOf('.') + 1))) {
                    Value v = resolve(m, attribute, 0);
                    if (v != null && v.unit() != null) {
                        referenced.add(new Unit(v.module(), v.unit()));
                    }
                }
            }
            for (Mount mount : m.mounts) {
                Value target = resolve(m, mount.target(), 0);
                if (target != null && target.unit() != null) {
                    String prefix = mount.prefixExpression() == null ? null : evaluate(m, mount.prefixExpression(), 0);
                    mountsInto.computeIfAbsent(new Unit(target.module(), target.unit()), k -> new ArrayList<>())
                            .add(new Edge(owner(m, mount.parent()), prefix));
                }
            }
        }
    }

    /** The app or router a route or mount is declared on; an unknown one stands for itself. */
    private Unit owner(Module m, String expression) {
        Value v = resolve(m, expression, 0);
        return v != null && v.unit() != null ? new Unit(v.module(), v.unit()) : new Unit(m, expression);
    }

    private Router router(Unit u) {
        return u.module().routers.get(u.name());
    }

    /**
     * Every full prefix a unit serves under. Flask: a registration's {@code url_prefix} replaces
     * the blueprint's own; FastAPI: {@code include_router}'s prefix goes before the router's own.
     */
    private Set<String> prefixes(Unit u) {
        Set<String> cached = prefixCache.get(u);
        if (cached != null) {
            return cached;
        }
        prefixCache.put(u, Set.of());   // a registration cycle serves nothing more
        Router router = router(u);
        String own = router == null || router.prefixExpression() == null ? "" : orEmpty(evaluate(u.module(), router.prefixExpression(), 0));
        Set<String> out = new LinkedHashSet<>();
        List<Edge> edges = mountsInto.getOrDefault(u, List.of());
        for (Edge e : edges) {
            String below = router != null && router.framework().equals("flask")
                    ? (e.prefix() != null ? e.prefix() : own)
                    : Templates.join(orEmpty(e.prefix()), own);
            for (String above : prefixes(e.parent())) {
                out.add(Templates.join(above, below).replaceAll("^/$", ""));
            }
        }
        if (edges.isEmpty()) {
            if (router == null || router.kind() == Kind.APP) {
                out.add("");
            } else if (referenced.contains(u)) {
                // imported somewhere, registered in a way not recognised: its own prefix is the best guess
                out.add(own);
            }
        }
        prefixCache.put(u, out);
        return out;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** A urls module's prefixes: from {@code ROOT_URLCONF} (or, without one, any urls module nothing includes) down. */
    private Set<String> djangoPrefixes(Module m, int depth) {
        Set<String> cached = djangoCache.get(m);
        if (cached != null) {
            return cached;
        }
        Set<String> out = new LinkedHashSet<>();
        if (depth > 8) {
            return out;
        }
        boolean includedAnywhere = false;
        for (Include i : includes) {
            if (includes(i, m)) {
                includedAnywhere = true;
                for (String above : djangoPrefixes(i.includer(), depth + 1)) {
                    out.add(Templates.join(above, i.prefix()));
                }
            }
        }
        boolean root = rootUrlConfScanned() ? rootUrlConfs.stream().anyMatch(r -> sameModule(r, m.name)) : !includedAnywhere;
        if (root) {
            out.add("");
        }
        djangoCache.put(m, out);
        return out;
    }

    /** Whether some {@code ROOT_URLCONF} names a urls module that was scanned; if not, nothing can be judged unreachable. */
    private boolean rootUrlConfScanned() {
        return byFile.values().stream().filter(this::isUrlsModule).anyMatch(m -> rootUrlConfs.stream().anyMatch(r -> sameModule(r, m.name)));
    }

    private boolean isUrlsModule(Module m) {
        return !m.djangoRoutes.isEmpty() || includes.stream().anyMatch(i -> i.includer() == m);
    }

    private boolean includes(Include i, Module m) {
        if (i.literal()) {
            return sameModule(i.included(), m.name);
        }
        Value v = resolve(i.includer(), i.included(), 0);
        return v != null && v.module() == m && v.unit() == null && v.string() == null && v.className() == null;
    }

    /** {@code shop.urls} names a module from the project root or from a folder above it: match either way. */
    private static boolean sameModule(String a, String b) {
        return a.equals(b) || a.endsWith("." + b) || b.endsWith("." + a);
    }

    // ---- names ---------------------------------------------------------------------------------

    /** Follows a dotted name through imports, modules, routers, constants and class attributes; null when lost. */
    private Value resolve(Module m, String dotted, int depth) {
        if (depth > 12) {
            return null;
        }
        String[] parts = dotted.split("\\.");
        Value v = resolveName(m, parts[0], depth);
        for (int i = 1; i < parts.length && v != null; i++) {
            v = attribute(v, parts[i], depth);
        }
        return v;
    }

    private Value resolveName(Module m, String name, int depth) {
        if (m.routers.containsKey(name)) {
            return new Value(m, name, null, null);
        }
        if (m.classes.containsKey(name)) {
            return new Value(m, null, null, name);
        }
        if (m.assignments.containsKey(name)) {
            return valueOf(m, m.assignments.get(name), depth + 1);
        }
        if (m.returnedCalls.containsKey(name)) {
            // def get_settings(): return Settings() — calling it makes a Settings
            Value returned = resolve(m, m.returnedCalls.get(name), depth + 1);
            return returned != null && returned.className() != null ? returned : null;
        }
        String imported = m.imports.get(name);
        if (imported == null) {
            return null;
        }
        int colon = imported.indexOf(':');
        if (colon < 0) {
            Module module = module(imported);
            return module == null ? null : Value.ofModule(module);
        }
        String from = imported.substring(0, colon);
        String member = imported.substring(colon + 1);
        Module submodule = module(from.isEmpty() ? member : from + "." + member);
        if (submodule != null) {
            return Value.ofModule(submodule);
        }
        Module module = module(from);
        return module == null || module == m ? null : resolveName(module, member, depth + 1);
    }

    private Value attribute(Value v, String name, int depth) {
        if (v.className() != null) {
            String value = v.module().classes.get(v.className()).get(name);
            return value == null ? null : valueOf(v.module(), value, depth + 1);
        }
        if (v.module() != null && v.unit() == null && v.string() == null) {
            Module submodule = module(v.module().name.isEmpty() ? name : v.module().name + "." + name);
            return submodule != null ? Value.ofModule(submodule) : resolveName(v.module(), name, depth + 1);
        }
        return null;
    }

    /** An assigned expression's value: a string, an instance of a class ({@code Settings()}, {@code get_settings()}) as the class, a name. */
    private Value valueOf(Module m, String expression, int depth) {
        String e = expression.trim();
        Matcher call = CALL.matcher(e);
        if (call.matches() && !DEFAULTED.matcher(e).matches()) {
            String callee = call.group(1).replaceAll("\\s", "");
            Value v = resolve(m, callee, depth + 1);
            return v != null && v.className() != null ? v : null;
        }
        if (e.matches(DOTTED)) {
            return resolve(m, e.replaceAll("\\s", ""), depth + 1);
        }
        String s = evaluate(m, e, depth + 1);
        return s == null ? null : new Value(null, null, s, null);
    }

    /** A string expression's value: literals, f-strings and {@code +} over names; a setting's default; null when unknown. */
    private String evaluate(Module m, String expression, int depth) {
        if (expression == null || depth > 12) {
            return null;
        }
        String e = expression.trim();
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
        Matcher string = STRING.matcher(e);
        if (string.matches() && string.group(3).indexOf(string.group(2)) < 0) {
            return string.group(1).toLowerCase(Locale.ROOT).contains("f") ? interpolate(m, string.group(3), depth) : string.group(3);
        }
        Matcher defaulted = DEFAULTED.matcher(e);
        if (defaulted.matches()) {
            return settingDefault(m, arguments("(" + defaulted.group(2) + ")", 0), defaulted.group(1) != null ? 1 : 0, depth);
        }
        if (e.matches(DOTTED)) {
            Value v = resolve(m, e.replaceAll("\\s", ""), depth + 1);
            return v == null ? null : v.string();
        }
        return null;
    }

    /** {@code os.getenv('PREFIX', '/api')}, {@code Field('/api')}, {@code Field(default='/api')}: the default, what runs unconfigured. */
    private String settingDefault(Module m, List<String> args, int position, int depth) {
        String given = keyword(args, "default");
        given = given != null ? given : positional(args, position);
        return given == null ? null : evaluate(m, given, depth + 1);
    }

    private String interpolate(Module m, String template, int depth) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                break;
            }
            if (template.startsWith("{{", open)) {
                out.append(template, i, open).append('{');
                i = open + 2;
                continue;
            }
            int close = template.indexOf('}', open);
            String value = close < 0 ? null : evaluate(m, template.substring(open + 1, close), depth + 1);
            if (value == null) {
                return null;
            }
            out.append(template, i, open).append(value);
            i = close + 1;
        }
        return out.append(template.substring(i)).toString().replace("}}", "}");
    }

    /** A module by dotted name, exactly or (the scan root being above the project's) by its last parts. */
    private Module module(String dotted) {
        Module exact = byName.get(dotted);
        if (exact != null || dotted.isEmpty()) {
            return exact;
        }
        Module found = null;
        for (Module candidate : byLastPart.getOrDefault(dotted.substring(dotted.lastIndexOf('.') + 1), List.of())) {
            if (candidate.name.endsWith("." + dotted)) {
                if (found != null) {
                    return null;
                }
                found = candidate;
            }
        }
        return found;
    }

    // ---- text helpers --------------------------------------------------------------------------

    private static String keyword(List<String> args, String name) {
        for (String arg : args) {
            Matcher kw = Pattern.compile("(?s)" + Pattern.quote(name) + "\\s*=(?!=)\\s*(.*)").matcher(arg);
            if (kw.matches()) {
                return kw.group(1).trim();
            }
        }
        return null;
    }

    private static String positional(List<String> args, int index) {
        int seen = 0;
        for (String arg : args) {
            if (arg.matches("(?s)" + NAME + "\\s*=[^=].*") || arg.startsWith("*")) {
                continue;
            }
            if (seen++ == index) {
                return arg;
            }
        }
        return null;
    }

    /** The top-level arguments of the call whose "(" is at {@code open}, trimmed. */
    private static List<String> arguments(String text, int open) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = open + 1;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i = stringEnd(text, i);
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (--depth == 0) {
                    addArgument(out, text.substring(start, i));
                    return out;
                }
            } else if (c == ',' && depth == 1) {
                addArgument(out, text.substring(start, i));
                start = i + 1;
            }
        }
        return out;
    }

    private static void addArgument(List<String> out, String arg) {
        if (!arg.isBlank()) {
            out.add(arg.trim());
        }
    }

    private static List<String> splitTopLevel(String e, char separator) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            if (c == '\'' || c == '"') {
                i = stringEnd(e, i);
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == separator && depth == 0) {
                out.add(e.substring(start, i));
                start = i + 1;
            }
        }
        out.add(e.substring(start));
        return out;
    }

    /** Index of the quote closing the string (single or triple quoted) that opens at {@code start}. */
    private static int stringEnd(String text, int start) {
        char quote = text.charAt(start);
        boolean triple = text.startsWith(String.valueOf(quote).repeat(3), start);
        String closing = triple ? String.valueOf(quote).repeat(3) : String.valueOf(quote);
        for (int i = start + closing.length(); i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (text.startsWith(closing, i)) {
                return i + closing.length() - 1;
            } else if (c == '\n' && !triple) {
                return i;
            }
        }
        return text.length() - 1;
    }
}
