package io.vigil.discovery.code;

import io.vigil.discovery.code.GoSource.Call;
import io.vigil.discovery.code.GoSource.Function;
import io.vigil.discovery.code.GoSource.Link;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go endpoints: net/http ({@code HandleFunc("/x", …)}, Go 1.22 {@code "GET /items/{id}"}
 * patterns), gorilla/mux ({@code .Methods("GET")}, {@code PathPrefix(…).Subrouter()}), gin and
 * echo ({@code r.GET("/x", …)}, {@code r.Handle(http.MethodHead, …)}, {@code g := r.Group("/v1")})
 * and chi ({@code r.Get("/x", …)}, {@code r.With(mw).Post}, {@code r.Route("/p", func(r chi.Router) {…})},
 * {@code r.Mount("/p", adminRouter())}). Paths may concatenate package constants.
 * <p>
 * Routers are followed across functions and files: a router or group passed to a function
 * ({@code registerOrders(v1)}) gives that function's routes its prefix, one prefix per call site.
 * When the scan holds a whole program (a {@code main} package), a function nothing refers to is
 * dead code and its routes, and those of the functions only it reaches, are not served.
 */
final class GoScanner {

    private static final Pattern REGISTRATION = Pattern.compile("\\b(HandleFunc|Handle|GET|POST|PUT|DELETE|PATCH|OPTIONS|HEAD"
            + "|CONNECT|TRACE|Any|Get|Post|Put|Delete|Patch|Options|Head|Connect|Trace|Method|MethodFunc|Add|Match)\\s*\\(");
    private static final Set<String> UPPER = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "CONNECT", "TRACE",
            "Any");
    private static final Set<String> CHI = Set.of("Get", "Post", "Put", "Delete", "Patch", "Options", "Head", "Connect", "Trace");
    private static final Pattern MOUNT = Pattern.compile("\\b(Mount)\\s*\\(");
    /** chi's {@code r.Route("/p", func(r chi.Router) {…})} and {@code r.Group(func(r chi.Router) {…})}, from the method name. */
    private static final Pattern ROUTE_BLOCK = Pattern.compile("(?:Route\\(\\s*([^,()]+?)\\s*,|Group\\()\\s*func\\s*\\(\\s*(\\w+)\\s+[\\w.*]+\\s*\\)"
            + "\\s*\\{");
    private static final Pattern ROUTE_OR_GROUP = Pattern.compile("\\b(Route|Group)\\s*\\(");
    private static final Pattern ANY_CALL = Pattern.compile("\\b([A-Za-z_]\\w*)\\s*\\(");
    private static final Pattern ASSIGNMENT = Pattern.compile("\\b(\\w+)\\s*(?::=|=)(?!=)\\s*");
    /** Calls that make a router from another one, adding at most a path prefix. */
    private static final Set<String> SUBROUTERS = Set.of("Group", "With", "PathPrefix", "Subrouter", "Host");
    private static final Set<String> PREFIXING = Set.of("Group", "PathPrefix");
    private static final Pattern GORILLA_METHODS = Pattern.compile("\\s*\\.\\s*Methods\\(([^)]*)\\)");
    private static final Pattern HTTP_METHOD_CONSTANT = Pattern.compile("http\\.Method(\\w+)");
    private static final List<String> ROOT = List.of("");
    private static final int MAX_DEPTH = 12;

    /** A router made from another: {@code v1 := r.Group("/v1")}, a chi closure's parameter, a router mounted at a path. */
    private record Derived(String variable, Function scope, int at, List<Link> parent, String pathExpression, boolean mounted) {
    }

    /** The body of a chi {@code Route}/{@code Group} closure, where {@code router.variable()} is the sub-router. */
    private record Block(int start, int end, Derived router) {
    }

    private record Unit(GoSource source, String framework, List<Call> registrations, List<Call> routes, List<Block> blocks,
            List<Derived> derived, List<Call> mounts) {
    }

    private record Route(List<String> verbs, String path, String framework) {
    }

    /** A call in a scanned file. */
    private record Site(Unit unit, Call call) {
    }

    private final List<Unit> units = new ArrayList<>();
    private Map<Path, List<CodeEndpoint>> byFile;
    private Map<String, Integer> identifierCounts;
    /** Every call in the scan, by the name called. */
    private Map<String, List<Site>> callsByName;
    /** Prefixes per function (routers it makes) and per function parameter, once computed; {@code IN_PROGRESS} while computing. */
    private final Map<Function, List<String>> functionPrefixes = new IdentityHashMap<>();
    private final Map<Function, Map<Integer, List<String>>> parameterPrefixes = new IdentityHashMap<>();
    private static final List<String> IN_PROGRESS = List.of("{?}");

    void add(Path file, String source) {
        GoSource src = new GoSource(file, SourceText.withoutComments(source, false));
        String text = src.text;
        String framework = text.contains("github.com/gin-gonic/gin") ? "gin" : text.contains("github.com/labstack/echo") ? "echo"
                : text.contains("github.com/go-chi/chi") ? "chi" : text.contains("github.com/gorilla/mux") ? "gorilla" : "net/http";
        List<Call> mounts = src.calls(MOUNT).stream().filter(c -> !c.receiver().isEmpty() && c.args().size() == 2).toList();
        List<Derived> derived = new ArrayList<>(assignments(src));
        derived.addAll(variableMounts(src, mounts));
        List<Call> routes = src.calls(ROUTE_OR_GROUP).stream().filter(c -> !c.receiver().isEmpty() && !c.args().isEmpty()).toList();
        units.add(new Unit(src, framework, src.calls(REGISTRATION), routes, blocks(src, routes), derived, mounts));
        byFile = null;
        identifierCounts = null;
        callsByName = null;
        functionPrefixes.clear();
        parameterPrefixes.clear();
    }

    List<CodeEndpoint> endpoints(Path file) {
        if (byFile == null) {
            byFile = new HashMap<>();
            for (Unit unit : units) {
                byFile.put(unit.source().file, endpoints(unit));
            }
        }
        return byFile.getOrDefault(file, List.of());
    }

    private List<CodeEndpoint> endpoints(Unit unit) {
        Set<CodeEndpoint> out = new LinkedHashSet<>();
        for (Call call : unit.registrations()) {
            Route route = call.receiver().isEmpty() ? null : route(unit, call);
            if (route == null || !(route.path().isEmpty() || route.path().startsWith("/"))) {
                continue;   // not a route (a header name, a map key, an outbound URL)
            }
            int line = unit.source().line(call.start());
            for (String prefix : chainPrefixes(unit, call.receiver(), call.start(), 0)) {
                for (String verb : route.verbs()) {
                    out.add(new CodeEndpoint("go", route.framework(), verb, Templates.normalize(Templates.join(prefix, route.path())),
                            unit.source().file.toString(), line));
                }
            }
        }
        List<CodeEndpoint> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparingInt(CodeEndpoint::line));
        return sorted;
    }

    /** What a registration call declares, or null when its arguments are not a route. */
    private Route route(Unit unit, Call call) {
        GoSource src = unit.source();
        List<String> args = call.args();
        String name = call.name();
        String upperFramework = unit.framework().equals("echo") ? "echo" : "gin";
        if (args.isEmpty()) {
            return null;
        }
        if (UPPER.contains(name)) {
            return route(name.equals("Any") ? "*" : name, string(src, args.get(0), 0), upperFramework);
        }
        if (CHI.contains(name)) {
            return route(name.toUpperCase(Locale.ROOT), string(src, args.get(0), 0), "chi");
        }
        if (name.equals("Match")) {
            return args.size() < 2 ? null : matchRoute(src, args, upperFramework);
        }
        String verb = method(src, args.get(0));
        if (verb != null && args.size() >= 2) {     // gin Handle, echo Add, chi Method/MethodFunc: the method first
            String framework = name.startsWith("Method") ? "chi" : name.equals("Add") ? "echo" : upperFramework;
            return route(verb, string(src, args.get(1), 0), framework);
        }
        return name.startsWith("Handle") ? handleRoute(unit, call) : null;
    }

    private static Route route(String verb, String path, String framework) {
        return path == null ? null : new Route(List.of(verb), path, framework);
    }

    /** gin/echo {@code Match([]string{"GET", "POST"}, "/x", h)}. */
    private Route matchRoute(GoSource src, List<String> args, String framework) {
        String list = args.get(0);
        int open = list.indexOf('{');
        String path = string(src, args.get(1), 0);
        if (open < 0 || !list.endsWith("}") || path == null) {
            return null;
        }
        List<String> verbs = new ArrayList<>();
        for (String element : GoSource.split(list.substring(open + 1, list.length() - 1), ',')) {
            String verb = method(src, element);
            if (verb == null) {
                return null;
            }
            verbs.add(verb);
        }
        return new Route(verbs, path, framework);
    }

    /** net/http's {@code Handle}/{@code HandleFunc} with a pattern ({@code "GET /x"}), or gorilla's with {@code .Methods(…)}. */
    private Route handleRoute(Unit unit, Call call) {
        String pattern = string(unit.source(), call.args().get(0), 0);
        if (pattern == null) {
            return null;
        }
        String verb = "*";
        int space = pattern.indexOf(' ');
        if (space > 0 && pattern.substring(0, space).chars().allMatch(Character::isUpperCase)) {
            verb = pattern.substring(0, space);
            pattern = pattern.substring(space + 1).trim();
        }
        List<String> verbs = new ArrayList<>();
        Matcher methods = GORILLA_METHODS.matcher(unit.source().text).region(call.end(), unit.source().text.length());
        if (methods.lookingAt()) {
            for (String v : methods.group(1).replaceAll("[\"\\s]", "").split(",")) {
                verbs.add(v.replace("http.Method", "").toUpperCase(Locale.ROOT));
            }
        } else {
            verbs.add(verb);
        }
        boolean onDefaultMux = call.receiver().size() == 1 && call.receiver().get(0).name().equals("http");
        String framework = onDefaultMux || !(unit.framework().equals("gorilla") || unit.framework().equals("chi")) ? "net/http"
                : unit.framework();
        return new Route(verbs, pattern, framework);
    }

    /** An HTTP method argument ({@code "GET"}, {@code http.MethodHead}), or null. */
    private String method(GoSource src, String expression) {
        Matcher constant = HTTP_METHOD_CONSTANT.matcher(expression.strip());
        if (constant.matches()) {
            return constant.group(1).toUpperCase(Locale.ROOT);
        }
        String value = string(src, expression, 0);
        return value != null && value.matches("[A-Z]+") ? value : null;
    }

    // ---- where routers come from ----

    /** {@code v := r.Group("/v1")}, {@code api := r.PathPrefix("/api").Subrouter()}, {@code admin := r.With(auth)}. */
    private static List<Derived> assignments(GoSource src) {
        List<Derived> out = new ArrayList<>();
        Matcher m = ASSIGNMENT.matcher(src.text);
        while (m.find()) {
            List<Link> links = new ArrayList<>();
            GoSource.chainAt(src.text, m.end(), links);
            boolean subrouter = links.stream().anyMatch(Link::isCall)
                    && links.stream().filter(Link::isCall).allMatch(l -> SUBROUTERS.contains(l.name()));
            if (!src.isQuoted(m.start()) && subrouter) {
                out.add(new Derived(m.group(1), src.enclosing(m.start()), m.start(), links, null, false));
            }
        }
        return out;
    }

    /** chi's {@code r.Mount("/admin", admin)}: the variable's routes are served under the mount path. */
    private static List<Derived> variableMounts(GoSource src, List<Call> mounts) {
        List<Derived> out = new ArrayList<>();
        for (Call mount : mounts) {
            List<Link> target = GoSource.chain(mount.args().get(1));
            if (target != null && target.size() == 1 && !target.get(0).isCall()) {
                out.add(new Derived(target.get(0).name(), src.enclosing(mount.start()), mount.start(), mount.receiver(), mount.args().get(0),
                        true));
            }
        }
        return out;
    }

    private static List<Block> blocks(GoSource src, List<Call> routes) {
        List<Block> out = new ArrayList<>();
        for (Call call : routes) {
            Matcher m = ROUTE_BLOCK.matcher(src.text).region(call.nameAt(), src.text.length());
            if (!m.lookingAt()) {
                continue;
            }
            int open = m.end() - 1;
            int close = GoSource.closing(src.text, open);
            Derived router = new Derived(m.group(2), src.enclosing(call.start()), call.start(), call.receiver(), m.group(1), false);
            out.add(new Block(open, close < 0 ? src.text.length() : close, router));
        }
        return out;
    }

    // ---- prefixes ----

    /**
     * The prefixes of routes registered on {@code variable} at {@code at}: the innermost chi closure
     * declaring it, else its latest derivation in the function, else what callers pass for it when
     * it is a parameter, else its package-level derivation, else the function's own (a router it
     * makes). Empty when that code never runs.
     */
    private List<String> prefixes(Unit unit, String variable, int at, int depth) {
        if (depth > MAX_DEPTH) {
            return ROOT;
        }
        Block block = innermostBlock(unit, variable, at);
        if (block != null) {
            return derivedPrefixes(unit, block.router(), depth);
        }
        Function function = unit.source().enclosing(at);
        Derived derived = derivation(unit, function, variable, at);
        int parameter = function == null ? -1 : function.params().indexOf(variable);
        if (derived == null && parameter >= 0) {
            return parameterPrefixes(unit, function, parameter, depth);
        }
        derived = derived == null ? derivation(unit, null, variable, Integer.MAX_VALUE) : derived;
        return derived != null ? derivedPrefixes(unit, derived, depth) : functionPrefixes(unit, function, depth);
    }

    /**
     * The prefixes of a chain's router: those of the variable it starts from (or, for a struct
     * field such as {@code s.api}, of what that field is assigned in this file), plus the paths of
     * the {@code Group}/{@code PathPrefix} calls after it.
     */
    private List<String> chainPrefixes(Unit unit, List<Link> chain, int at, int depth) {
        if (depth > MAX_DEPTH) {
            return ROOT;
        }
        int firstCall = 0;
        while (firstCall < chain.size() && !chain.get(firstCall).isCall()) {
            firstCall++;
        }
        List<String> base;
        if (firstCall == 0) {
            base = functionPrefixes(unit, unit.source().enclosing(at), depth + 1);
        } else if (firstCall == 1) {
            base = prefixes(unit, chain.get(0).name(), at, depth + 1);
        } else {
            base = fieldPrefixes(unit, chain.get(firstCall - 1).name(), at, depth + 1);
        }
        String path = "";
        for (Link link : chain.subList(firstCall, chain.size())) {
            if (PREFIXING.contains(link.name()) && !link.args().isEmpty()) {
                String value = string(unit.source(), link.args().get(0), 0);
                path = value != null && (value.isEmpty() || value.startsWith("/")) ? Templates.join(path, value) : path;
            }
        }
        return joined(base, path);
    }

    /** A router kept in a struct field ({@code s.api = s.router.Group("/api")}, set in one method and used in another). */
    private List<String> fieldPrefixes(Unit unit, String field, int at, int depth) {
        for (Derived d : unit.derived()) {
            if (d.variable().equals(field)) {
                return derivedPrefixes(unit, d, depth);
            }
        }
        return functionPrefixes(unit, unit.source().enclosing(at), depth);
    }

    private List<String> derivedPrefixes(Unit unit, Derived derived, int depth) {
        List<String> base = chainPrefixes(unit, derived.parent(), derived.at(), depth + 1);
        String path = derived.pathExpression() == null ? "" : string(unit.source(), derived.pathExpression(), 0);
        return joined(base, path == null ? "" : path);
    }

    private static List<String> joined(List<String> prefixes, String path) {
        return prefixes.stream().map(p -> Templates.join(p, path)).distinct().toList();
    }

    private static Block innermostBlock(Unit unit, String variable, int at) {
        Block inner = null;
        for (Block b : unit.blocks()) {
            if (b.start() < at && at < b.end() && b.router().variable().equals(variable) && (inner == null || b.start() > inner.start())) {
                inner = b;
            }
        }
        return inner;
    }

    /** The latest assignment of {@code variable} before {@code at} in {@code function} (null: package level), else its mount there. */
    private static Derived derivation(Unit unit, Function function, String variable, int at) {
        Derived found = null;
        for (Derived d : unit.derived()) {
            if (!d.variable().equals(variable) || d.scope() != function) {
                continue;
            }
            boolean earlierAssignment = !d.mounted() && d.at() < at && (found == null || found.mounted() || d.at() > found.at());
            if (earlierAssignment || (d.mounted() && found == null)) {
                found = d;
            }
        }
        return found;
    }

    /**
     * What the callers of {@code function} pass as its parameter {@code index}, one set of prefixes
     * per call site; chi's {@code r.Route("/p", function)} passes the sub-router as the first.
     */
    private List<String> parameterPrefixes(Unit unit, Function function, int index, int depth) {
        Map<Integer, List<String>> known = parameterPrefixes.computeIfAbsent(function, f -> new HashMap<>());
        return memoized(known, index, () -> callerPrefixes(unit, function, index, depth));
    }

    /**
     * A cached result, computed once; a computation that comes back to itself (functions passing a
     * router around in a cycle) sees the root instead of looping.
     */
    private static <K> List<String> memoized(Map<K, List<String>> known, K key, Supplier<List<String>> compute) {
        List<String> found = known.get(key);
        if (found == IN_PROGRESS) {
            return ROOT;
        }
        if (found == null) {
            known.put(key, IN_PROGRESS);
            found = compute.get();
            known.put(key, found);
        }
        return found;
    }

    private List<String> callerPrefixes(Unit unit, Function function, int index, int depth) {
        if (unreachable(function)) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        boolean called = false;
        for (Site site : callSites(unit, function)) {
            called = true;
            List<String> args = site.call().args();
            List<Link> argument = index < args.size() ? GoSource.chain(args.get(index)) : null;
            out.addAll(argument == null ? ROOT : chainPrefixes(site.unit(), argument, site.call().start(), depth + 1));
        }
        for (Unit other : units) {
            for (Call route : other.routes()) {
                List<Link> handler = routeFunction(route);
                if (handler != null && handler.stream().noneMatch(Link::isCall) && refersTo(other, handler, unit, function)) {
                    called = true;
                    out.addAll(index == 0 ? routePrefixes(other, route, depth) : ROOT);
                }
            }
        }
        return called ? List.copyOf(out) : ROOT;    // referred to but never called here (a func value): callers unknown
    }

    /** The named function given to chi's {@code Route(path, fn)} or {@code Group(fn)}, or null. */
    private static List<Link> routeFunction(Call route) {
        int arity = route.name().equals("Route") ? 2 : 1;
        return route.args().size() == arity ? GoSource.chain(route.args().get(arity - 1)) : null;
    }

    private List<String> routePrefixes(Unit unit, Call route, int depth) {
        String path = route.name().equals("Route") && route.args().size() == 2 ? string(unit.source(), route.args().get(0), 0) : "";
        return joined(chainPrefixes(unit, route.receiver(), route.start(), depth + 1), path == null ? "" : path);
    }

    /** The prefixes of routers a function makes itself: where it is mounted ({@code r.Mount("/p", f())}), else the root. */
    private List<String> functionPrefixes(Unit unit, Function function, int depth) {
        return function == null ? ROOT : memoized(functionPrefixes, function, () -> mountPrefixes(unit, function, depth));
    }

    private List<String> mountPrefixes(Unit unit, Function function, int depth) {
        Set<String> out = new LinkedHashSet<>();
        boolean mounted = false;
        for (Unit other : units) {
            for (Call mount : other.mounts()) {
                List<Link> target = GoSource.chain(mount.args().get(1));
                if (target != null && target.get(target.size() - 1).isCall() && refersTo(other, target, unit, function)) {
                    mounted = true;
                    String path = string(other.source(), mount.args().get(0), 0);
                    out.addAll(joined(chainPrefixes(other, mount.receiver(), mount.start(), depth + 1), path == null ? "" : path));
                }
            }
        }
        if (mounted) {
            return List.copyOf(out);
        }
        return unreachable(function) ? List.of() : ROOT;
    }

    // ---- calls between functions ----

    private List<Site> callSites(Unit unit, Function function) {
        if (callsByName == null) {
            callsByName = new HashMap<>();
            for (Unit other : units) {
                for (Call call : other.source().calls(ANY_CALL)) {
                    callsByName.computeIfAbsent(call.name(), k -> new ArrayList<>()).add(new Site(other, call));
                }
            }
        }
        List<Site> out = new ArrayList<>();
        for (Site site : callsByName.getOrDefault(function.name(), List.of())) {
            List<Link> chain = new ArrayList<>(site.call().receiver());
            chain.add(new Link(site.call().name(), site.call().args()));
            if (refersTo(site.unit(), chain, unit, function)) {
                out.add(site);
            }
        }
        return out;
    }

    /**
     * Whether the call ending {@code chain}, in {@code caller}, may call {@code function}: a plain
     * call in the same package, {@code pkg.F(…)} from another, or any {@code x.M(…)} for a method.
     */
    private static boolean refersTo(Unit caller, List<Link> chain, Unit callee, Function function) {
        Link last = chain.get(chain.size() - 1);
        if (!last.name().equals(function.name())) {
            return false;
        }
        if (function.method()) {
            return chain.size() > 1;
        }
        if (chain.size() == 1) {
            return caller.source().dir.equals(callee.source().dir);
        }
        Link qualifier = chain.get(chain.size() - 2);
        return chain.size() == 2 && !qualifier.isCall() && qualifier.name().equals(callee.source().pkg);
    }

    /**
     * A function nothing refers to, in a scan that holds a whole program: its routes are never
     * registered. Without a main package the callers may live outside the scan, so nothing is dead.
     */
    private boolean unreachable(Function function) {
        if (function.name().equals("main") || function.name().equals("init") || !hasMainPackage()) {
            return false;
        }
        long declarations = units.stream().flatMap(u -> u.source().functions.stream()).filter(f -> f.name().equals(function.name()))
                .count();
        return identifierCounts().getOrDefault(function.name(), 0) <= declarations;
    }

    private boolean hasMainPackage() {
        return units.stream().anyMatch(u -> u.source().pkg.equals("main")
                && u.source().functions.stream().anyMatch(f -> f.name().equals("main") && !f.method()));
    }

    private Map<String, Integer> identifierCounts() {
        if (identifierCounts == null) {
            identifierCounts = new HashMap<>();
            units.forEach(u -> u.source().countIdentifiers(identifierCounts));
        }
        return identifierCounts;
    }

    // ---- strings ----

    /** A string expression's value: literals, constants of the package or {@code pkg.Name}, and their concatenation; null if unknown. */
    private String string(GoSource src, String expression, int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (String term : GoSource.split(expression, '+')) {
            String value = term(src, term, depth);
            if (value == null) {
                return null;
            }
            out.append(value);
        }
        return out.toString();
    }

    private String term(GoSource src, String term, int depth) {
        if (term.length() >= 2 && term.startsWith("\"") && term.endsWith("\"")) {
            return term.substring(1, term.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        if (term.length() >= 2 && term.startsWith("`") && term.endsWith("`")) {
            return term.substring(1, term.length() - 1);
        }
        int dot = term.indexOf('.');
        String qualifier = dot < 0 ? null : term.substring(0, dot);
        String name = term.substring(dot + 1);
        if (!name.matches("[A-Za-z_]\\w*") || (qualifier != null && !qualifier.matches("[A-Za-z_]\\w*"))) {
            return null;
        }
        for (Unit unit : units) {
            GoSource other = unit.source();
            boolean visible = qualifier == null ? other.dir.equals(src.dir) : other.pkg.equals(qualifier);
            String init = visible ? other.constants.get(name) : null;
            if (init != null) {
                return string(other, init, depth + 1);
            }
        }
        return null;
    }
}
