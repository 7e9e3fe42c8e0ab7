package io.vigil.discovery.code;

import static io.vigil.discovery.code.PythonSyntax.DOTTED;
import static io.vigil.discovery.code.PythonSyntax.arguments;
import static io.vigil.discovery.code.PythonSyntax.keyword;
import static io.vigil.discovery.code.PythonSyntax.positional;
import static io.vigil.discovery.code.PythonSyntax.splitTopLevel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Python names and expressions stand for, across modules: imports followed to modules, apps
 * and routers, constants, class attributes of settings objects ({@code settings.api_prefix}), string
 * literals, f-strings and {@code +}, and a setting's default ({@code os.getenv('X', '/d')}).
 */
final class PythonValues {

    private static final Pattern CALL = Pattern.compile("(?s)(" + DOTTED + ")\\s*\\((.*)\\)");
    /** A setting read from the environment ({@code os.getenv('X', '/d')}) or declared with pydantic's {@code Field('/d')}. */
    private static final Pattern DEFAULTED = Pattern.compile("(?s)(?:(?:os\\s*\\.\\s*)?(getenv|environ\\s*\\.\\s*get)|Field)\\s*\\((.*)\\)");
    private static final Pattern STRING = Pattern.compile("(?s)([rRbBuUfF]{0,2})('''|\"\"\"|'|\")(.*)\\2");

    /** What a name stands for once followed: a module, an app/router, a string, or a class (or its instance). */
    record Value(PythonModule module, String unit, String string, String className) {
        static Value ofModule(PythonModule m) {
            return new Value(m, null, null, null);
        }
    }

    private final Map<String, PythonModule> byName = new HashMap<>();
    /** last dotted part → modules so named, to find {@code app.config} when the scan root is above {@code app} */
    private final Map<String, List<PythonModule>> byLastPart = new HashMap<>();

    /** Makes a module findable by its dotted name. */
    void add(PythonModule m) {
        byName.put(m.name, m);
        byLastPart.computeIfAbsent(m.name.substring(m.name.lastIndexOf('.') + 1), k -> new ArrayList<>()).add(m);
    }

    /** Follows a dotted name through imports, modules, routers, constants and class attributes; null when lost. */
    Value resolve(PythonModule m, String dotted, int depth) {
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

    private Value resolveName(PythonModule m, String name, int depth) {
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
            PythonModule module = module(imported);
            return module == null ? null : Value.ofModule(module);
        }
        String from = imported.substring(0, colon);
        String member = imported.substring(colon + 1);
        PythonModule submodule = module(from.isEmpty() ? member : from + "." + member);
        if (submodule != null) {
            return Value.ofModule(submodule);
        }
        PythonModule module = module(from);
        return module == null || module == m ? null : resolveName(module, member, depth + 1);
    }

    private Value attribute(Value v, String name, int depth) {
        if (v.className() != null) {
            String value = v.module().classes.get(v.className()).get(name);
            return value == null ? null : valueOf(v.module(), value, depth + 1);
        }
        if (v.module() != null && v.unit() == null && v.string() == null) {
            PythonModule submodule = module(v.module().name.isEmpty() ? name : v.module().name + "." + name);
            return submodule != null ? Value.ofModule(submodule) : resolveName(v.module(), name, depth + 1);
        }
        return null;
    }

    /** An assigned expression's value: a string, an instance of a class ({@code Settings()}, {@code get_settings()}) as the class, a name. */
    private Value valueOf(PythonModule m, String expression, int depth) {
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
    String evaluate(PythonModule m, String expression, int depth) {
        if (expression == null || depth > 12) {
            return null;
        }
        String e = expression.trim();
        List<String> parts = splitTopLevel(e, '+');
        if (parts.size() > 1) {
            return SourceText.concatenation(parts, part -> evaluate(m, part, depth + 1));
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
    private String settingDefault(PythonModule m, List<String> args, int position, int depth) {
        String given = keyword(args, "default");
        given = given != null ? given : positional(args, position);
        return given == null ? null : evaluate(m, given, depth + 1);
    }

    private String interpolate(PythonModule m, String template, int depth) {
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
    private PythonModule module(String dotted) {
        PythonModule exact = byName.get(dotted);
        if (exact != null || dotted.isEmpty()) {
            return exact;
        }
        PythonModule found = null;
        for (PythonModule candidate : byLastPart.getOrDefault(dotted.substring(dotted.lastIndexOf('.') + 1), List.of())) {
            if (candidate.name.endsWith("." + dotted)) {
                if (found != null) {
                    return null;
                }
                found = candidate;
            }
        }
        return found;
    }
}
