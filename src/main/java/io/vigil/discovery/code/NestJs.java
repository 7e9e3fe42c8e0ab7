package io.vigil.discovery.code;

import static io.vigil.discovery.code.JsSyntax.IDENT;
import static io.vigil.discovery.code.JsSyntax.properties;
import static io.vigil.discovery.code.JsSyntax.skipCall;
import static io.vigil.discovery.code.JsSyntax.verb;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NestJS: {@code @Controller('users')} classes with {@code @Get(':id')} methods, served only when
 * some {@code @Module} lists them (or no module is in sight), under {@code app.setGlobalPrefix('api')}.
 */
final class NestJs {

    private static final Pattern NEST_CONTROLLER = Pattern.compile("@Controller\\s*\\(");
    private static final Pattern NEST_VERB = Pattern.compile("@(Get|Post|Put|Delete|Patch|Options|Head|All)\\s*\\(");
    private static final Pattern NEST_MODULE = Pattern.compile("@Module\\s*\\(\\s*\\{");
    private static final Pattern CLASS = Pattern.compile("\\bclass\\s+(" + IDENT + ")");
    private static final Pattern GLOBAL_PREFIX = Pattern.compile("\\.setGlobalPrefix\\s*\\(\\s*(['\"`])([^'\"`]*)\\1\\s*[,)]");
    private static final Pattern STRING = Pattern.compile("(['\"`])([^'\"`]*)\\1");

    private record NestController(String className, List<String> prefixes, int start) {
    }

    /** A controller's route; served only when some {@code @Module} lists the controller. */
    record NestRoute(String method, String path, int line, String controller) {
    }

    private final JsPathExpressions expressions;
    private final Set<String> registered = new HashSet<>();
    private boolean modulesSeen;
    /** some @Module lists its controllers other than by name (a spread, a constant): trust every controller */
    private boolean registrationUnknown;
    private String globalPrefix = "";

    NestJs(JsPathExpressions expressions) {
        this.expressions = expressions;
    }

    /** Reads one file's modules, controllers, routes and global prefix. */
    void read(JsModule m, String text) {
        Matcher module = NEST_MODULE.matcher(text);
        while (module.find()) {
            modulesSeen = true;
            String listed = properties(text, module.end() - 1).get("controllers");
            if (listed != null && listed.matches("\\[[\\w$,\\s]*\\]")) {
                for (String name : listed.replaceAll("[\\[\\]\\s]", "").split(",")) {
                    registered.add(name);
                }
            } else if (listed != null) {
                registrationUnknown = true;
            }
        }
        List<NestController> controllers = new ArrayList<>();
        Matcher controller = NEST_CONTROLLER.matcher(text);
        while (controller.find()) {
            int end = skipCall(text, controller.end() - 1);
            Matcher name = CLASS.matcher(text).region(end, text.length());
            String argument = text.substring(controller.end(), Math.max(controller.end(), end - 1)).trim();
            if (argument.startsWith("{")) {
                argument = properties(text, text.indexOf('{', controller.end())).getOrDefault("path", "");
            }
            List<String> prefixes = literals(argument);
            if (prefixes == null) {
                String value = expressions.evaluate(m, argument, 0);
                prefixes = value == null ? List.of() : List.of(value);
            }
            controllers.add(new NestController(name.find() ? name.group(1) : "", prefixes, controller.start()));
        }
        if (!controllers.isEmpty()) {
            routes(m, text, controllers);
        }
        Matcher prefix = GLOBAL_PREFIX.matcher(text);
        if (prefix.find()) {
            globalPrefix = prefix.group(2);
        }
    }

    /** Each {@code @Get(…)}-style method under each prefix of the controller it follows. */
    private void routes(JsModule m, String text, List<NestController> controllers) {
        Matcher verb = NEST_VERB.matcher(text);
        while (verb.find()) {
            NestController owner = null;
            for (NestController c : controllers) {
                if (c.start() < verb.start()) {
                    owner = c;
                }
            }
            int end = skipCall(text, verb.end() - 1);
            List<String> paths = literals(text.substring(verb.end(), Math.max(verb.end(), end - 1)).trim());
            if (owner == null || paths == null) {
                continue;
            }
            for (String prefix : owner.prefixes()) {
                for (String path : paths) {
                    m.nestRoutes.add(new NestRoute(verb(verb.group(1)), Templates.join("/" + prefix, path), SourceText.line(text, verb),
                            owner.className()));
                }
            }
        }
    }

    /** The routes of a module's controllers that Nest serves, under the global prefix. */
    List<CodeEndpoint> endpoints(JsModule m, String language) {
        List<CodeEndpoint> out = new ArrayList<>();
        String global = globalPrefix.isEmpty() ? "" : "/" + globalPrefix;
        for (NestRoute r : m.nestRoutes) {
            // Nest serves only controllers some @Module lists; with no modules in sight, trust them all.
            if (!modulesSeen || registrationUnknown || registered.contains(r.controller())) {
                out.add(new CodeEndpoint(language, "nestjs", r.method(), Templates.normalize(Templates.join(global, r.path())), m.file, r.line()));
            }
        }
        return out;
    }

    /** A decorator argument's paths: none given is {@code ""}, a string, an array of strings; null when not literal. */
    private static List<String> literals(String argument) {
        if (argument.isEmpty()) {
            return List.of("");
        }
        if (!argument.startsWith("[") && !STRING.matcher(argument).matches()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        Matcher s = STRING.matcher(argument);
        while (s.find()) {
            out.add(s.group(2));
        }
        return out.isEmpty() ? List.of("") : out;
    }
}
