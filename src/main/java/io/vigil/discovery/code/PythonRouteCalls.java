package io.vigil.discovery.code;

import static io.vigil.discovery.code.PythonSyntax.DOTTED;
import static io.vigil.discovery.code.PythonSyntax.NAME;
import static io.vigil.discovery.code.PythonSyntax.arguments;
import static io.vigil.discovery.code.PythonSyntax.keyword;
import static io.vigil.discovery.code.PythonSyntax.positional;

import io.vigil.discovery.code.PythonModule.Kind;
import io.vigil.discovery.code.PythonModule.Mount;
import io.vigil.discovery.code.PythonModule.Route;
import io.vigil.discovery.code.PythonModule.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Python file's Flask and FastAPI declarations: apps, blueprints and routers with the prefix
 * they are created with, routes by decorator or {@code add_url_rule}/{@code add_api_route}, and
 * {@code register_blueprint}/{@code include_router} registrations.
 */
final class PythonRouteCalls {

    private static final Pattern CONSTRUCTOR = Pattern.compile("(?m)^[ \\t]*(" + NAME + ")\\s*(?::[^=\\n]+)?=\\s*(?:flask\\.|fastapi\\.)?"
            + "(Blueprint|APIRouter|FastAPI|Flask)\\s*\\(");
    private static final Pattern DECORATOR = Pattern.compile("@(" + DOTTED + ")\\s*\\.\\s*(route|get|post|put|delete|patch|options|head|api_route)\\s*\\(");
    private static final Pattern MENTIONS_VERB = Pattern.compile("\\.\\s*(?:get|post|put|delete|patch|options|head)\\s*\\(");
    private static final Pattern URL_RULE = Pattern.compile("\\b(" + DOTTED + ")\\s*\\.\\s*(add_url_rule|add_api_route)\\s*\\(");
    private static final Pattern REGISTER = Pattern.compile("\\b(" + DOTTED + ")\\s*\\.\\s*(register_blueprint|include_router)\\s*\\(");
    private static final Pattern METHOD_NAMES = Pattern.compile("['\"](\\w+)['\"]");

    private PythonRouteCalls() {
    }

    /** Reads one file's apps and routers, their routes and their registrations into its module. */
    static void read(PythonModule m, String text) {
        routers(m, text);
        routes(m, text);
        mounts(m, text);
    }

    private static void routers(PythonModule m, String text) {
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

    private static void routes(PythonModule m, String text) {
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

    private static void addRoutes(PythonModule m, String owner, List<String> args, List<String> methods, int line) {
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

    private static void mounts(PythonModule m, String text) {
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
}
