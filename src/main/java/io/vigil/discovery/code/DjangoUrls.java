package io.vigil.discovery.code;

import static io.vigil.discovery.code.PythonSyntax.DOTTED;

import io.vigil.discovery.code.PythonValues.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Django urlconfs: {@code path()}, {@code re_path()} and {@code url()} in {@code urls.py} modules,
 * {@code include()} of other urls modules by name or by import, reached from {@code ROOT_URLCONF}
 * down (or, without one, from any urls module nothing includes).
 */
final class DjangoUrls {

    private static final Pattern DJANGO = Pattern.compile("\\b(path|re_path|url)\\(\\s*[rRbBuU]?(['\"])(.*?)\\2\\s*,\\s*([^\\n]*)");
    private static final Pattern INCLUDE_LITERAL = Pattern.compile("include\\(\\s*\\(?\\s*(['\"])([\\w.]+)\\1");
    private static final Pattern INCLUDE_NAME = Pattern.compile("include\\(\\s*(" + DOTTED + ")\\s*[,)]");
    private static final Pattern ROOT_URLCONF = Pattern.compile("\\bROOT_URLCONF\\s*=\\s*(['\"])([\\w.]+)\\1");

    /** Django: {@code include(…)} in {@code includer} under {@code prefix}; {@code literal} when a dotted module name was quoted. */
    private record Include(PythonModule includer, String included, boolean literal, String prefix) {
    }

    /** A route of a urls module, its path relative to the module's prefixes. */
    record DjangoRoute(String path, int line) {
    }

    /** every module scanned, urls modules among them */
    private final Collection<PythonModule> modules;
    private final PythonValues values;
    private final List<Include> includes = new ArrayList<>();
    private final Set<String> rootUrlConfs = new HashSet<>();
    private final Map<PythonModule, Set<String>> cache = new HashMap<>();

    DjangoUrls(Collection<PythonModule> modules, PythonValues values) {
        this.modules = modules;
        this.values = values;
    }

    /** Reads one file's {@code ROOT_URLCONF} and, in a urls module, its routes and includes. */
    void read(PythonModule m, String text) {
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

    /** Forgets the prefixes worked out so far: more modules were added. */
    void forget() {
        cache.clear();
    }

    /** A urls module's routes under each prefix it is reached by. */
    List<CodeEndpoint> endpoints(PythonModule m, Path file) {
        List<CodeEndpoint> out = new ArrayList<>();
        for (DjangoRoute r : m.djangoRoutes) {
            for (String prefix : prefixes(m, 0)) {
                out.add(new CodeEndpoint("python", "django", "*", Templates.normalize(Templates.join(prefix, r.path())), file.toString(),
                        r.line()));
            }
        }
        return out;
    }

    /** A urls module's prefixes: from {@code ROOT_URLCONF} (or, without one, any urls module nothing includes) down. */
    private Set<String> prefixes(PythonModule m, int depth) {
        Set<String> cached = cache.get(m);
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
                for (String above : prefixes(i.includer(), depth + 1)) {
                    out.add(Templates.join(above, i.prefix()));
                }
            }
        }
        boolean root = rootUrlConfScanned() ? rootUrlConfs.stream().anyMatch(r -> sameModule(r, m.name)) : !includedAnywhere;
        if (root) {
            out.add("");
        }
        cache.put(m, out);
        return out;
    }

    /** Whether some {@code ROOT_URLCONF} names a urls module that was scanned; if not, nothing can be judged unreachable. */
    private boolean rootUrlConfScanned() {
        return modules.stream().filter(this::isUrlsModule).anyMatch(m -> rootUrlConfs.stream().anyMatch(r -> sameModule(r, m.name)));
    }

    private boolean isUrlsModule(PythonModule m) {
        return !m.djangoRoutes.isEmpty() || includes.stream().anyMatch(i -> i.includer() == m);
    }

    private boolean includes(Include i, PythonModule m) {
        if (i.literal()) {
            return sameModule(i.included(), m.name);
        }
        Value v = values.resolve(i.includer(), i.included(), 0);
        return v != null && v.module() == m && v.unit() == null && v.string() == null && v.className() == null;
    }

    /** {@code shop.urls} names a module from the project root or from a folder above it: match either way. */
    private static boolean sameModule(String a, String b) {
        return a.equals(b) || a.endsWith("." + b) || b.endsWith("." + a);
    }
}
