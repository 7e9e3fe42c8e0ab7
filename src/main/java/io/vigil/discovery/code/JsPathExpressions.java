package io.vigil.discovery.code;

import static io.vigil.discovery.code.JsSyntax.IDENT;
import static io.vigil.discovery.code.JsSyntax.splitTopLevel;

import io.vigil.discovery.code.JsModule.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of path expressions: string and template literals, {@code +}, and constants of the
 * module or imported from others; and the paths Express's optional segments stand for.
 */
final class JsPathExpressions {

    private static final Pattern OPTIONAL_PARAM = Pattern.compile("/:" + IDENT + "(?:\\([^)]*\\))?\\?");
    private static final Pattern OPTIONAL_GROUP = Pattern.compile("\\{([/.][^{}]*)\\}");

    /** every module scanned so far, by key: constants are followed into them */
    private final Map<String, JsModule> modules;

    JsPathExpressions(Map<String, JsModule> modules) {
        this.modules = modules;
    }

    /**
     * A string expression's value: literals, template literals and {@code +} over constants of this
     * module or imported ones; null when anything in it is only known at run time.
     */
    String evaluate(JsModule m, String expression, int depth) {
        if (expression == null || depth > 8) {
            return null;
        }
        String e = expression.trim().replaceFirst("\\s+as\\s+const$", "");
        List<String> parts = splitTopLevel(e, '+');
        if (parts.size() > 1) {
            return SourceText.concatenation(parts, part -> evaluate(m, part, depth + 1));
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

    private String interpolate(JsModule m, String template, int depth) {
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

    private String constant(JsModule m, String name, int depth) {
        if (m.constants.containsKey(name)) {
            return evaluate(m, m.constants.get(name), depth + 1);
        }
        Target bound = m.bindings.get(name);
        JsModule from = bound == null || bound.name() == null ? null : modules.get(bound.module());
        return from == null ? null : constant(from, bound.name(), depth + 1);
    }

    /** Express's optional segments, {@code /:year?} (4) and {@code {/:year}} (5): each path they match. */
    static List<String> withOptionalSegments(String path) {
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
}
