package io.vigil.discovery.code;

import static io.vigil.discovery.code.JsSyntax.strip;

import io.vigil.discovery.code.JsModule.Kind;
import io.vigil.discovery.code.JsModule.Mount;
import io.vigil.discovery.code.JsModule.Route;
import io.vigil.discovery.code.JsModule.Scope;
import io.vigil.discovery.code.JsModule.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    private record Unit(String module, String name) {
    }

    private record Edge(Unit parent, JsModule module, String prefixExpression) {
    }

    private final Map<String, JsModule> modules = new HashMap<>();
    private final Map<String, JsModule> byFile = new HashMap<>();
    private final JsPathExpressions paths = new JsPathExpressions(modules);
    private final NestJs nest = new NestJs(paths);
    private Map<Unit, List<Edge>> mountsInto;
    private Set<Unit> referenced;
    private final Map<Unit, Set<String>> prefixCache = new HashMap<>();

    void add(Path file, String source) {
        String text = SourceText.withoutComments(source, false);
        JsModule m = new JsModule(strip(file.toString()), file.toString());
        modules.put(m.key, m);
        byFile.put(m.file, m);
        JsDeclarations.read(m, file, text);
        JsRouteCalls.read(m, file, text);
        nest.read(m, text);
        mountsInto = null;
    }

    // ---- across files --------------------------------------------------------------------------

    List<CodeEndpoint> endpoints(Path file) {
        JsModule m = byFile.get(file.toString());
        if (m == null) {
            return List.of();
        }
        link();
        String language = m.typescript ? "typescript" : "javascript";
        List<CodeEndpoint> out = new ArrayList<>();
        for (Route r : m.routes) {
            String path = paths.evaluate(m, r.pathExpression(), 0);
            if (path == null || !(path.startsWith("/") || path.equals("*")) || isClient(m, r.unit())) {
                continue;
            }
            for (String prefix : prefixes(unit(m, r.unit(), 0))) {
                for (String expanded : JsPathExpressions.withOptionalSegments(path)) {
                    out.add(new CodeEndpoint(language, r.framework(), r.method(), Templates.normalize(Templates.join(prefix, expanded)),
                            m.file, r.line()));
                }
            }
        }
        out.addAll(nest.endpoints(m, language));
        return out;
    }

    private void link() {
        if (mountsInto != null) {
            return;
        }
        mountsInto = new HashMap<>();
        referenced = new HashSet<>();
        prefixCache.clear();
        for (JsModule m : modules.values()) {
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

    private void link(JsModule m, Mount mount) {
        Unit parent = unit(m, mount.parent(), 0);
        List<Target> targets = mount.targets();
        String prefix = mount.prefixExpression();
        if (mount.prefixFirst()) {
            // app.use('/p', router) or app.use(router): the first argument is a prefix when it is a string.
            boolean isPrefix = paths.evaluate(m, prefix, 0) != null;
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
            String own = e.prefixExpression() == null ? "" : paths.evaluate(e.module(), e.prefixExpression(), 0);
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
        JsModule m = modules.get(u.module());
        return m == null ? Kind.OTHER : m.kinds.getOrDefault(u.name(), Kind.OTHER);
    }

    private boolean isClient(JsModule m, String local) {
        if (JsHttpClients.CLIENT_NAMES.contains(local)) {
            return true;
        }
        return kind(unit(m, local, 0)) == Kind.CLIENT || m.kinds.get(local) == Kind.CLIENT;
    }

    /** A module-local name as a unit: its own variable or parameter, or what it was imported from. */
    private Unit unit(JsModule m, String local, int depth) {
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
        JsModule m = modules.get(t.module());
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
    private List<Unit> madeBy(JsModule m, Target t, int depth) {
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
}
