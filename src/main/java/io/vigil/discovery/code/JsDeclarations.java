package io.vigil.discovery.code;

import static io.vigil.discovery.code.JsSyntax.IDENT;
import static io.vigil.discovery.code.JsSyntax.skipCall;
import static io.vigil.discovery.code.JsSyntax.strip;

import io.vigil.discovery.code.JsModule.Kind;
import io.vigil.discovery.code.JsModule.Scope;
import io.vigil.discovery.code.JsModule.Target;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the names of one JavaScript file stand for: imports and requires, functions whose first
 * parameter routes may be declared on, variables (constants, apps, routers, clients) and the
 * default export.
 */
final class JsDeclarations {

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
    private static final Pattern EXPORT_DEFAULT = Pattern.compile("\\bmodule\\.exports\\s*=\\s*|\\bexport\\s+default\\s+");
    private static final Pattern FUNCTION = Pattern.compile("(?:async\\s+)?\\bfunction\\b\\s*\\*?\\s*(" + IDENT + ")?\\s*\\(");
    private static final Pattern ARROW = Pattern.compile("=>\\s*\\{");
    private static final Pattern NAMED_BY = Pattern.compile("(?:const|let|var)\\s+(" + IDENT + ")\\s*(?::[^=]+)?=\\s*(?:async\\s*)?$");
    private static final Pattern EXPORTED_NAME = Pattern.compile("(" + IDENT + ")\\s*(?:;|\\n|$)");

    private JsDeclarations() {
    }

    /** Reads one file's declarations into its module, in the order each step relies on. */
    static void read(JsModule m, Path file, String text) {
        bindings(m, file, text);
        scopes(m, text);
        declarations(m, text);
        defaultExport(m, text);
    }

    private static void bindings(JsModule m, Path file, String text) {
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
    private static void requires(JsModule m, Path file, String text) {
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
    private static void imports(JsModule m, Path file, String text) {
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
    private static void bindNamed(JsModule m, Path file, String names, String from, String rename) {
        for (String part : names.split(",")) {
            String[] pair = part.trim().replaceFirst("^type\\s+", "").split(rename);
            String exported = pair[0].trim();
            String local = pair.length > 1 ? pair[1].trim() : exported;
            if (exported.matches(IDENT) && local.matches(IDENT)) {
                bind(m, file, local, from, exported);
            }
        }
    }

    private static void bind(JsModule m, Path file, String local, String from, String member) {
        if (from.startsWith(".")) {
            m.bindings.put(local, new Target(strip(file.getParent().resolve(from).normalize().toString()), member));
        } else {
            m.packages.put(local, member == null ? from : from + "." + member);
        }
    }

    /** Functions with a block body: {@code function f(app) {…}}, {@code async (fastify, opts) => {…}}. */
    private static void scopes(JsModule m, String text) {
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

    private static void addScope(JsModule m, String text, int body, String parameter, String name) {
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

    private static void declarations(JsModule m, String text) {
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
        JsHttpClients.markClients(m, text);
    }

    /** What {@code const x = value} makes: an app ({@code express()}, {@code Fastify()}), a router, an HTTP client. */
    private static Kind kindOf(JsModule m, String value, boolean express) {
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
        if (JsHttpClients.isClientFactory(m, v)) {
            return Kind.CLIENT;
        }
        return Kind.OTHER;
    }

    /** {@code module.exports = router}, {@code export default function (fastify) {…}}. */
    private static void defaultExport(JsModule m, String text) {
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
}
