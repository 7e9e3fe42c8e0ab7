package io.vigil.discovery.code;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python endpoints: Flask ({@code @app.route('/x', methods=[…])}, {@code @bp.get('/x')},
 * blueprints' {@code url_prefix} at creation or registration), FastAPI ({@code @app.get('/x')},
 * {@code APIRouter(prefix=…)}, {@code include_router(module.router, prefix=…)} across modules)
 * and Django {@code urls.py} ({@code path()}, {@code re_path()}, {@code url()}, and
 * {@code include('app.urls')} prefixes across files).
 */
final class PythonScanner {

    private static final String Q = "[rRbBuU]?(['\"])(.*?)";
    private static final Pattern DECORATOR = Pattern.compile(
            "@([A-Za-z_][\\w]*)\\.(route|get|post|put|delete|patch|options|head|api_route)\\(\\s*" + Q + "\\3([^\\n]*)");
    private static final Pattern METHODS = Pattern.compile("methods\\s*=\\s*[\\[(]([^\\])]*)[\\])]");
    private static final Pattern CONSTRUCTOR = Pattern.compile(
            "([A-Za-z_][\\w]*)\\s*=\\s*(?:flask\\.)?(Blueprint|APIRouter|FastAPI|Flask)\\(([^)]*)\\)");
    private static final Pattern PREFIX_ARG = Pattern.compile("(?:url_prefix|prefix)\\s*=\\s*" + Q + "\\1");
    private static final Pattern REGISTER = Pattern.compile(
            "\\.(?:register_blueprint|include_router)\\(\\s*([A-Za-z_][\\w.]*)([^)]*)\\)");
    private static final Pattern DJANGO = Pattern.compile("\\b(path|re_path|url)\\(\\s*" + Q + "\\2\\s*,\\s*([^\\n]*)");
    private static final Pattern INCLUDE = Pattern.compile("include\\(\\s*(['\"])([\\w.]+)\\1");
    private static final Pattern IMPORT_FROM = Pattern.compile("from\\s+([\\w.]+)\\s+import\\s+([\\w, ]+)");

    private record Found(String framework, String method, String path, int line, String owner) {
    }

    private final Map<Path, List<Found>> byFile = new HashMap<>();
    private final Map<Path, Map<String, String>> prefixes = new HashMap<>();
    /** "module-stem.variable" → prefix from include_router / register_blueprint in another file */
    private final Map<String, String> mounted = new HashMap<>();
    /** Django: {@code include('shop.urls')} in the urls module {@code includer}, under {@code prefix}. */
    private record Include(String includer, String included, String prefix) {
    }

    private final List<Include> includes = new ArrayList<>();
    private final Map<Path, String> djangoModule = new HashMap<>();

    void add(Path root, Path file, String source) {
        String text = SourceText.withoutComments(source, true);
        List<Found> found = new ArrayList<>();
        Map<String, String> own = new HashMap<>();
        Map<String, String> frameworks = new HashMap<>();
        Matcher m = CONSTRUCTOR.matcher(text);
        while (m.find()) {
            Matcher prefix = PREFIX_ARG.matcher(m.group(3));
            own.put(m.group(1), prefix.find() ? prefix.group(2) : "");
            frameworks.put(m.group(1), m.group(2).equals("APIRouter") || m.group(2).equals("FastAPI") ? "fastapi" : "flask");
        }
        Map<String, String> modules = new HashMap<>();
        m = IMPORT_FROM.matcher(text);
        while (m.find()) {
            for (String name : m.group(2).split(",")) {
                modules.put(name.trim(), name.trim());
            }
        }
        m = REGISTER.matcher(text);
        while (m.find()) {
            Matcher prefix = PREFIX_ARG.matcher(m.group(2));
            String target = m.group(1);
            String p = prefix.find() ? prefix.group(2) : null;
            if (target.contains(".")) {
                // include_router(users.router, prefix='/users'): the router of module users
                mounted.put(target, p == null ? "" : p);
            } else if (p != null) {
                own.merge(target, p, (existing, added) -> Templates.join(added, existing));
            }
        }
        prefixes.put(file, own);
        m = DECORATOR.matcher(text);
        while (m.find()) {
            String owner = m.group(1);
            String kind = m.group(2);
            List<String> methods = new ArrayList<>();
            if (kind.equals("route") || kind.equals("api_route")) {
                Matcher listed = METHODS.matcher(m.group(5));
                if (listed.find()) {
                    for (String v : listed.group(1).replaceAll("['\"\\s]", "").split(",")) {
                        if (!v.isEmpty()) {
                            methods.add(v.toUpperCase(Locale.ROOT));
                        }
                    }
                } else {
                    methods.add("GET");
                }
            } else {
                methods.add(kind.toUpperCase(Locale.ROOT));
            }
            String framework = frameworks.getOrDefault(owner, text.contains("fastapi") ? "fastapi" : "flask");
            for (String method : methods) {
                found.add(new Found(framework, method, m.group(4), SourceText.line(text, m), owner));
            }
        }
        if (text.contains("urlpatterns")) {
            String module = root.relativize(file).toString().replace('/', '.').replaceAll("\\.py$", "");
            djangoModule.put(file, module);
            m = DJANGO.matcher(text);
            while (m.find()) {
                Matcher include = INCLUDE.matcher(m.group(4));
                if (include.find()) {
                    includes.add(new Include(module, include.group(2), m.group(3)));
                } else {
                    found.add(new Found("django", "*", m.group(3), SourceText.line(text, m), null));
                }
            }
        }
        byFile.put(file, found);
    }

    List<CodeEndpoint> endpoints(Path file) {
        List<CodeEndpoint> out = new ArrayList<>();
        String stem = file.getFileName().toString().replaceAll("\\.py$", "");
        Map<String, String> own = prefixes.getOrDefault(file, Map.of());
        for (Found f : byFile.getOrDefault(file, List.of())) {
            String prefix;
            if (f.framework().equals("django")) {
                prefix = djangoPrefix(djangoModule.get(file));
            } else {
                prefix = Templates.join(mounted.getOrDefault(stem + "." + f.owner(), ""), own.getOrDefault(f.owner(), ""));
            }
            out.add(new CodeEndpoint("python", f.framework(), f.method(), Templates.normalize(Templates.join(prefix, f.path())),
                    file.toString(), f.line()));
        }
        return out;
    }

    /** The prefix a urls module is included under, following includes of includes. */
    private String djangoPrefix(String module) {
        return djangoPrefix(module, 0);
    }

    private String djangoPrefix(String module, int depth) {
        if (module == null || depth > 8) {
            return "";
        }
        for (Include i : includes) {
            // include('shop.urls') names a module from the project root, or from the app: match either way.
            if (module.equals(i.included()) || module.endsWith("." + i.included()) || i.included().endsWith("." + module)) {
                return Templates.join(djangoPrefix(i.includer(), depth + 1), i.prefix());
            }
        }
        return "";
    }
}
