package io.vigil.discovery.code;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Python source file's declarations, before other files are known, and the records they are
 * made of.
 */
final class PythonModule {

    /** An app serves from the root; a blueprint or router only where it is registered. */
    enum Kind { APP, ROUTER }

    /** A Flask/FastAPI app or a blueprint/router variable: its framework and the prefix it was created with. */
    record Router(Kind kind, String framework, String prefixExpression) {
    }

    /** A route before names from other modules are known; {@code owner} is the decorated object as written. */
    record Route(String owner, String method, String pathExpression, int line) {
    }

    /** {@code parent.register_blueprint(target, url_prefix=…)}; a null prefix was not given. */
    record Mount(String parent, String target, String prefixExpression) {
    }

    final Path file;
    final String name;
    final String pkg;
    final boolean fastapi;
    final Map<String, Router> routers = new HashMap<>();
    final Map<String, String> assignments = new HashMap<>();
    final Map<String, Map<String, String>> classes = new HashMap<>();
    final Map<String, String> returnedCalls = new HashMap<>();
    /** local name → "module" or "module:member" as imported */
    final Map<String, String> imports = new HashMap<>();
    final List<Route> routes = new ArrayList<>();
    final List<Mount> mounts = new ArrayList<>();
    final List<DjangoUrls.DjangoRoute> djangoRoutes = new ArrayList<>();
    /** {@code users.router} where {@code users} is imported: a use of whatever that names */
    final Set<String> importedAttributes = new HashSet<>();

    PythonModule(Path file, String name, String pkg, boolean fastapi) {
        this.file = file;
        this.name = name;
        this.pkg = pkg;
        this.fastapi = fastapi;
    }
}
