package io.vigil.discovery.code;

import io.vigil.discovery.code.PythonModule.Kind;
import io.vigil.discovery.code.PythonModule.Mount;
import io.vigil.discovery.code.PythonModule.Route;
import io.vigil.discovery.code.PythonModule.Router;
import io.vigil.discovery.code.PythonValues.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    private record Unit(PythonModule module, String name) {
    }

    private record Edge(Unit parent, String prefix) {
    }

    private final Map<Path, PythonModule> byFile = new HashMap<>();
    private final PythonValues values = new PythonValues();
    private final DjangoUrls django = new DjangoUrls(byFile.values(), values);
    private Map<Unit, List<Edge>> mountsInto;
    private Set<Unit> referenced;
    private final Map<Unit, Set<String>> prefixCache = new HashMap<>();

    void add(Path root, Path file, String source) {
        String text = SourceText.withoutComments(source, true);
        String name = moduleName(root, file);
        boolean isPackage = file.getFileName().toString().equals("__init__.py");
        String pkg = isPackage ? name : name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "";
        PythonModule m = new PythonModule(file, name, pkg, text.contains("fastapi"));
        byFile.put(file, m);
        values.add(m);
        PythonDeclarations.read(m, text);
        PythonRouteCalls.read(m, text);
        django.read(m, text);
        mountsInto = null;
    }

    private static String moduleName(Path root, Path file) {
        Path relative = root.relativize(file);
        String dotted = relative.toString().replace('/', '.').replace('\\', '.').replaceAll("\\.py$", "");
        return dotted.endsWith(".__init__") ? dotted.substring(0, dotted.length() - ".__init__".length())
                : dotted.equals("__init__") ? "" : dotted;
    }

    // ---- across files --------------------------------------------------------------------------

    List<CodeEndpoint> endpoints(Path file) {
        PythonModule m = byFile.get(file);
        if (m == null) {
            return List.of();
        }
        link();
        List<CodeEndpoint> out = new ArrayList<>();
        for (Route r : m.routes) {
            String path = values.evaluate(m, r.pathExpression(), 0);
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
        out.addAll(django.endpoints(m, file));
        return out;
    }

    private void link() {
        if (mountsInto != null) {
            return;
        }
        mountsInto = new HashMap<>();
        referenced = new HashSet<>();
        prefixCache.clear();
        django.forget();
        Set<String> routerNames = new HashSet<>();
        byFile.values().forEach(m -> routerNames.addAll(m.routers.keySet()));
        for (PythonModule m : byFile.values()) {
            for (Map.Entry<String, String> imported : m.imports.entrySet()) {
                if (!routerNames.contains(imported.getValue().substring(imported.getValue().indexOf(':') + 1))) {
                    continue;   // only "from x import bp" names a router itself
                }
                Value v = values.resolve(m, imported.getKey(), 0);
                if (v != null && v.unit() != null) {
                    referenced.add(new Unit(v.module(), v.unit()));
                }
            }
            for (String attribute : m.importedAttributes) {
                // routers = [users.router, items.router]; for r in routers: app.include_router(r)
                if (routerNames.contains(attribute.substring(attribute.indexOf('.') + 1))) {
                    Value v = values.resolve(m, attribute, 0);
                    if (v != null && v.unit() != null) {
                        referenced.add(new Unit(v.module(), v.unit()));
                    }
                }
            }
            for (Mount mount : m.mounts) {
                Value target = values.resolve(m, mount.target(), 0);
                if (target != null && target.unit() != null) {
                    String prefix = mount.prefixExpression() == null ? null : values.evaluate(m, mount.prefixExpression(), 0);
                    mountsInto.computeIfAbsent(new Unit(target.module(), target.unit()), k -> new ArrayList<>())
                            .add(new Edge(owner(m, mount.parent()), prefix));
                }
            }
        }
    }

    /** The app or router a route or mount is declared on; an unknown one stands for itself. */
    private Unit owner(PythonModule m, String expression) {
        Value v = values.resolve(m, expression, 0);
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
        String own = router == null || router.prefixExpression() == null ? "" : orEmpty(values.evaluate(u.module(), router.prefixExpression(), 0));
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
}
