package io.vigil.discovery.code;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One JavaScript or TypeScript source file's declarations, before other files are known, and the
 * records they are made of.
 */
final class JsModule {

    /** What a variable holds: an app, a router, an HTTP client, or anything else. */
    enum Kind { APP, ROUTER, CLIENT, OTHER }

    /** A route call before constants and prefixes from other files are known; {@code unit} is module-local. */
    record Route(String framework, String method, String pathExpression, int line, String unit) {
    }

    /**
     * What an argument names: a module's default export ({@code name} null) or one of its names;
     * {@code made} when it is called, a factory whose result is the routers it creates.
     */
    record Target(String module, String name, boolean made) {
        Target(String module, String name) {
            this(module, name, false);
        }
    }

    /**
     * {@code parent.use(prefix, …targets)} ({@code prefixFirst}: the first argument is a prefix when
     * it evaluates to a string) or {@code parent.register(target, { prefix })}.
     */
    record Mount(String parent, String prefixExpression, boolean prefixFirst, List<Target> targets) {
    }

    /** A function's body and first parameter, the unit routes on that parameter belong to. */
    record Scope(int bodyStart, int bodyEnd, String parameter, String name) {
        String unit() {
            return parameter + "@" + bodyStart;
        }
    }

    final String key;
    final String file;
    final boolean typescript;
    final Map<String, Kind> kinds = new HashMap<>();
    /** router variable → where it is declared, to tell which function creates it */
    final Map<String, Integer> routersAt = new HashMap<>();
    final Map<String, String> constants = new HashMap<>();
    final Map<String, Target> bindings = new HashMap<>();
    /** local name → bare package it stands for ("axios", "express", "express.Router") */
    final Map<String, String> packages = new HashMap<>();
    /** function name → the unit of its first parameter */
    final Map<String, String> functions = new HashMap<>();
    final List<Scope> scopes = new ArrayList<>();
    final List<Route> routes = new ArrayList<>();
    final List<Mount> mounts = new ArrayList<>();
    final List<NestJs.NestRoute> nestRoutes = new ArrayList<>();
    /** modules loaded whole somewhere in this one, bound to a name or not */
    final List<Target> loaded = new ArrayList<>();
    String defaultExport;

    JsModule(String key, String file) {
        this.key = key;
        this.file = file;
        this.typescript = file.endsWith(".ts") || file.endsWith(".tsx");
    }
}
