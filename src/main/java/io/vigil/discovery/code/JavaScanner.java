package io.vigil.discovery.code;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MemberValuePair;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Java endpoints, parsed with JavaParser: Spring MVC and WebFlux annotated controllers
 * ({@code @RequestMapping} on the class as a prefix, {@code @GetMapping} … and
 * {@code @RequestMapping(method = …)} on methods) and JAX-RS resources ({@code @Path} on class
 * and method, {@code @GET} …, under the application's {@code @ApplicationPath}, sub-resource
 * locators). Paths may be constants and concatenations of constants, from the same class or another
 * scanned one ({@code ApiPaths.ORDERS + "/{id}"}). Declarative HTTP clients (Feign …) are skipped.
 */
final class JavaScanner {

    private static final Map<String, String> SPRING = Map.of("GetMapping", "GET", "PostMapping", "POST", "PutMapping", "PUT",
            "DeleteMapping", "DELETE", "PatchMapping", "PATCH");
    private static final Set<String> JAX_RS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
    /** Type annotations of declarative HTTP clients: their mappings are calls this code makes, not endpoints it serves. */
    private static final Set<String> HTTP_CLIENTS = Set.of("FeignClient", "ReactiveFeignClient", "RegisterRestClient", "HttpExchange");

    private final JavaParser parser = new JavaParser(new ParserConfiguration()
            .setLanguageLevel(ParserConfiguration.LanguageLevel.BLEEDING_EDGE));
    /** {@code Class.NAME} and {@code pkg.Class.NAME} → the constant's initializer, across every scanned file. */
    private final Map<String, Expression> constants = new HashMap<>();
    private final Map<String, CompilationUnit> units = new HashMap<>();
    /** Classes annotated {@code @ApplicationPath}: the JAX-RS applications, whose path prefixes every resource they serve. */
    private final List<Application> applications = new ArrayList<>();
    private Map<String, List<MethodDeclaration>> locatorIndex;

    private record Application(String pkg, AnnotationExpr annotation, String owner) {
    }

    /** First pass: parse and remember constants. @throws IllegalArgumentException when the file does not parse */
    void add(String file, String source) {
        ParseResult<CompilationUnit> result = parser.parse(source);
        if (!result.isSuccessful() || result.getResult().isEmpty()) {
            String problem = result.getProblems().isEmpty() ? "does not parse" : result.getProblems().get(0).getVerboseMessage();
            throw new IllegalArgumentException(problem.lines().findFirst().orElse(problem));
        }
        CompilationUnit unit = result.getResult().get();
        units.put(file, unit);
        String pkg = unit.getPackageDeclaration().map(p -> p.getNameAsString() + ".").orElse("");
        for (TypeDeclaration<?> type : unit.findAll(TypeDeclaration.class)) {
            type.getAnnotations().stream().filter(a -> simple(a.getNameAsString()).equals("ApplicationPath")).findFirst()
                    .ifPresent(a -> applications.add(new Application(pkg.isEmpty() ? "" : pkg.substring(0, pkg.length() - 1), a,
                            type.getNameAsString())));
            boolean iface = type instanceof ClassOrInterfaceDeclaration c && c.isInterface();
            for (FieldDeclaration field : type.getFields()) {
                if (!(iface || (field.isStatic() && field.isFinal()))) {
                    continue;
                }
                for (VariableDeclarator v : field.getVariables()) {
                    v.getInitializer().ifPresent(init -> {
                        constants.put(type.getNameAsString() + "." + v.getNameAsString(), init);
                        constants.put(pkg + type.getNameAsString() + "." + v.getNameAsString(), init);
                    });
                }
            }
        }
    }

    /** Second pass, once every file is added. */
    List<CodeEndpoint> endpoints(String file) {
        CompilationUnit unit = units.get(file);
        List<CodeEndpoint> out = new ArrayList<>();
        for (ClassOrInterfaceDeclaration type : unit.findAll(ClassOrInterfaceDeclaration.class)) {
            if (isHttpClient(type)) {
                continue;
            }
            String classFramework = classFramework(type);
            for (MethodDeclaration method : type.getMethods()) {
                Mapping mapping = mapping(type.getNameAsString(), method, classFramework);
                if (mapping == null) {
                    continue;
                }
                List<String> prefixes = mapping.framework().equals("jax-rs") ? jaxRsPrefixes(type, 0) : springPrefixes(type);
                for (String prefix : prefixes) {
                    for (String path : mapping.paths()) {
                        for (String verb : mapping.verbs()) {
                            out.add(new CodeEndpoint("java", mapping.framework(), verb, Templates.normalize(Templates.join(prefix, path)),
                                    file, mapping.line()));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** What one method's annotations map: null for a plain method or a JAX-RS sub-resource locator. */
    private record Mapping(String framework, List<String> verbs, List<String> paths, int line) {
    }

    /**
     * Declarative HTTP clients (Feign, MicroProfile Rest Client, Spring HTTP interfaces) carry the
     * same mapping annotations as controllers, but they describe the remote service's API.
     */
    private static boolean isHttpClient(ClassOrInterfaceDeclaration type) {
        boolean client = type.getAnnotations().stream().anyMatch(a -> HTTP_CLIENTS.contains(simple(a.getNameAsString())));
        boolean controller = type.getAnnotations().stream().anyMatch(a -> simple(a.getNameAsString()).endsWith("Controller"));
        return client && !controller;
    }

    private static String classFramework(ClassOrInterfaceDeclaration type) {
        String framework = null;
        for (AnnotationExpr a : type.getAnnotations()) {
            String name = simple(a.getNameAsString());
            if (name.equals("RequestMapping")) {
                framework = "spring";
            } else if (name.equals("Path")) {
                framework = "jax-rs";
            } else if (name.endsWith("Controller") && framework == null) {
                framework = "spring";
            }
        }
        return framework;
    }

    private Mapping mapping(String owner, MethodDeclaration method, String classFramework) {
        List<String> verbs = new ArrayList<>();
        List<String> paths = null;
        String framework = classFramework;
        int line = method.getBegin().map(p -> p.line).orElse(0);
        for (AnnotationExpr a : method.getAnnotations()) {
            String name = simple(a.getNameAsString());
            if (SPRING.containsKey(name)) {
                verbs.add(SPRING.get(name));
                paths = paths(a, owner);
                framework = "spring";
                line = a.getBegin().map(p -> p.line).orElse(line);
            } else if (name.equals("RequestMapping")) {
                verbs.addAll(requestMethods(a));
                paths = paths(a, owner);
                framework = "spring";
                line = a.getBegin().map(p -> p.line).orElse(line);
            } else if (JAX_RS.contains(name) && a.isMarkerAnnotationExpr()) {
                verbs.add(name);
                framework = "jax-rs";
                line = a.getBegin().map(p -> p.line).orElse(line);
            } else if (name.equals("Path")) {
                paths = paths(a, owner);
            }
        }
        if (framework == null || (verbs.isEmpty() && !"spring".equals(framework))) {
            return null;     // a JAX-RS sub-resource locator or a plain method
        }
        if (paths == null) {
            if (verbs.isEmpty()) {
                return null;
            }
            paths = List.of("");
        }
        if (verbs.isEmpty()) {
            if (method.getAnnotations().stream().noneMatch(a -> simple(a.getNameAsString()).equals("RequestMapping"))) {
                return null;
            }
            verbs.add("*");
        }
        return new Mapping(framework, verbs, paths, line);
    }

    /** A Spring controller's class-level {@code @RequestMapping} paths, or the root. */
    private List<String> springPrefixes(ClassOrInterfaceDeclaration type) {
        List<String> prefixes = new ArrayList<>();
        for (AnnotationExpr a : type.getAnnotations()) {
            if (simple(a.getNameAsString()).equals("RequestMapping")) {
                prefixes.addAll(paths(a, type.getNameAsString()));
            }
        }
        return prefixes.isEmpty() ? List.of("") : prefixes;
    }

    /**
     * Where a JAX-RS class's resource methods are served: under its own {@code @Path} when it is a
     * root resource (and the application's {@code @ApplicationPath}), and under the path of every
     * sub-resource locator that returns it. A class that is neither serves nothing.
     */
    private List<String> jaxRsPrefixes(ClassOrInterfaceDeclaration type, int depth) {
        List<String> prefixes = new ArrayList<>();
        if (depth > 8) {
            return prefixes;    // locators returning each other: give up rather than loop
        }
        for (AnnotationExpr a : type.getAnnotations()) {
            if (simple(a.getNameAsString()).equals("Path")) {
                String application = applicationPath(type);
                paths(a, type.getNameAsString()).forEach(p -> prefixes.add(Templates.join(application, p)));
            }
        }
        for (MethodDeclaration locator : locators().getOrDefault(type.getNameAsString(), List.of())) {
            ClassOrInterfaceDeclaration owner = locator.findAncestor(ClassOrInterfaceDeclaration.class).orElseThrow();
            List<String> ownerPrefixes = jaxRsPrefixes(owner, depth + 1);
            for (AnnotationExpr a : locator.getAnnotations()) {
                if (simple(a.getNameAsString()).equals("Path")) {
                    for (String path : paths(a, owner.getNameAsString())) {
                        ownerPrefixes.forEach(p -> prefixes.add(Templates.join(p, path)));
                    }
                }
            }
        }
        return prefixes;
    }

    /** Sub-resource locators (a {@code @Path} method with no HTTP method), by the simple name of the class they return. */
    private Map<String, List<MethodDeclaration>> locators() {
        if (locatorIndex == null) {
            locatorIndex = new HashMap<>();
            for (CompilationUnit unit : units.values()) {
                for (MethodDeclaration method : unit.findAll(MethodDeclaration.class)) {
                    String returned = isLocator(method) ? resourceClass(method) : null;
                    if (returned != null) {
                        locatorIndex.computeIfAbsent(returned, k -> new ArrayList<>()).add(method);
                    }
                }
            }
        }
        return locatorIndex;
    }

    private static boolean isLocator(MethodDeclaration method) {
        boolean path = false;
        for (AnnotationExpr a : method.getAnnotations()) {
            String name = simple(a.getNameAsString());
            if (SPRING.containsKey(name) || name.equals("RequestMapping") || JAX_RS.contains(name)) {
                return false;
            }
            path |= name.equals("Path");
        }
        return path && method.findAncestor(ClassOrInterfaceDeclaration.class).filter(t -> !isHttpClient(t)).isPresent();
    }

    /** The class a locator hands the request to: its return type, or T of a returned {@code Class<T>}. */
    private static String resourceClass(MethodDeclaration locator) {
        if (!(locator.getType() instanceof ClassOrInterfaceType type)) {
            return null;
        }
        if (type.getNameAsString().equals("Class")) {
            return type.getTypeArguments().filter(args -> args.size() == 1 && args.get(0) instanceof ClassOrInterfaceType)
                    .map(args -> ((ClassOrInterfaceType) args.get(0)).getNameAsString()).orElse(null);
        }
        return type.getNameAsString();
    }

    /**
     * The {@code @ApplicationPath} of the JAX-RS application serving a resource. With several
     * applications, the one whose package encloses the resource's (classpath scanning by package).
     */
    private String applicationPath(ClassOrInterfaceDeclaration resource) {
        if (applications.isEmpty()) {
            return "";
        }
        Application chosen = applications.size() == 1 ? applications.get(0) : null;
        String pkg = packageOf(resource);
        for (Application app : applications) {
            boolean encloses = app.pkg().isEmpty() || pkg.equals(app.pkg()) || pkg.startsWith(app.pkg() + ".");
            if (encloses && (chosen == null || app.pkg().length() > chosen.pkg().length())) {
                chosen = app;
            }
        }
        if (chosen == null) {
            return "";
        }
        String path = paths(chosen.annotation(), chosen.owner()).get(0);
        return path.endsWith("/*") ? path.substring(0, path.length() - 2) : path;    // servlet-mapping style "/api/*"
    }

    private static String packageOf(ClassOrInterfaceDeclaration type) {
        return type.findCompilationUnit().flatMap(CompilationUnit::getPackageDeclaration).map(p -> p.getNameAsString()).orElse("");
    }

    /** The paths an annotation names: its value, or its {@code path}/{@code value} attribute; "" for none. */
    private List<String> paths(AnnotationExpr a, String owner) {
        Expression value = null;
        if (a instanceof SingleMemberAnnotationExpr single) {
            value = single.getMemberValue();
        } else if (a instanceof NormalAnnotationExpr normal) {
            for (MemberValuePair pair : normal.getPairs()) {
                if (pair.getNameAsString().equals("value") || pair.getNameAsString().equals("path")) {
                    value = pair.getValue();
                }
            }
        }
        List<String> out = new ArrayList<>();
        if (value == null) {
            out.add("");
        } else if (value instanceof ArrayInitializerExpr array) {
            array.getValues().forEach(v -> out.add(string(v, owner, 0)));
        } else {
            out.add(string(value, owner, 0));
        }
        return out;
    }

    private static List<String> requestMethods(AnnotationExpr a) {
        List<String> out = new ArrayList<>();
        if (a instanceof NormalAnnotationExpr normal) {
            for (MemberValuePair pair : normal.getPairs()) {
                if (pair.getNameAsString().equals("method")) {
                    Expression v = pair.getValue();
                    List<Expression> values = v instanceof ArrayInitializerExpr array ? array.getValues() : List.of(v);
                    for (Expression e : values) {
                        String text = e.toString();
                        out.add(text.substring(text.lastIndexOf('.') + 1));
                    }
                }
            }
        }
        return out;
    }

    /** A constant expression's value; unknown parts become {@code {?}} so the endpoint is still listed. */
    private String string(Expression e, String owner, int depth) {
        if (depth > 16) {
            return "{?}";
        }
        if (e instanceof StringLiteralExpr s) {
            return s.asString();
        }
        if (e instanceof TextBlockLiteralExpr t) {
            return t.asString().strip();
        }
        if (e instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.PLUS) {
            return string(b.getLeft(), owner, depth + 1) + string(b.getRight(), owner, depth + 1);
        }
        if (e instanceof NameExpr n) {
            Expression init = constants.get(owner + "." + n.getNameAsString());
            if (init == null) {
                init = unique(n.getNameAsString());
            }
            return init == null ? "{?}" : string(init, owner, depth + 1);
        }
        if (e instanceof FieldAccessExpr f) {
            Expression init = constants.get(f.getScope().toString() + "." + f.getNameAsString());
            String scopeClass = simple(f.getScope().toString());
            return init == null ? "{?}" : string(init, scopeClass, depth + 1);
        }
        return "{?}";
    }

    /** A constant named {@code name} in exactly one scanned class (a static import). */
    private Expression unique(String name) {
        Expression found = null;
        for (Map.Entry<String, Expression> e : constants.entrySet()) {
            String key = e.getKey();
            if (key.endsWith("." + name) && key.indexOf('.') == key.lastIndexOf('.')) {
                if (found != null) {
                    return null;
                }
                found = e.getValue();
            }
        }
        return found;
    }

    private static String simple(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
