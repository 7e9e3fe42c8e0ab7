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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Java endpoints, parsed with JavaParser: Spring MVC and WebFlux annotated controllers
 * ({@code @RequestMapping} on the class as a prefix, {@code @GetMapping} … and
 * {@code @RequestMapping(method = …)} on methods) and JAX-RS resources ({@code @Path} on class
 * and method, {@code @GET} …). Paths may be constants and concatenations of constants, from the
 * same class or another scanned one ({@code ApiPaths.ORDERS + "/{id}"}).
 */
final class JavaScanner {

    private static final Map<String, String> SPRING = Map.of("GetMapping", "GET", "PostMapping", "POST", "PutMapping", "PUT",
            "DeleteMapping", "DELETE", "PatchMapping", "PATCH");
    private static final Set<String> JAX_RS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

    private final JavaParser parser = new JavaParser(new ParserConfiguration()
            .setLanguageLevel(ParserConfiguration.LanguageLevel.BLEEDING_EDGE));
    /** {@code Class.NAME} and {@code pkg.Class.NAME} → the constant's initializer, across every scanned file. */
    private final Map<String, Expression> constants = new HashMap<>();
    private final Map<String, CompilationUnit> units = new HashMap<>();

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
            List<String> prefixes = new ArrayList<>();
            String framework = null;
            for (AnnotationExpr a : type.getAnnotations()) {
                String name = a.getNameAsString();
                if (name.endsWith("RequestMapping")) {
                    prefixes.addAll(paths(a, type.getNameAsString()));
                    framework = "spring";
                } else if (name.equals("Path") || name.endsWith(".Path")) {
                    prefixes.addAll(paths(a, type.getNameAsString()));
                    framework = "jax-rs";
                } else if (name.endsWith("RestController") || name.endsWith("Controller")) {
                    framework = framework == null ? "spring" : framework;
                }
            }
            if (prefixes.isEmpty()) {
                prefixes.add("");
            }
            for (MethodDeclaration method : type.getMethods()) {
                methodEndpoints(type.getNameAsString(), method, prefixes, framework, file, out);
            }
        }
        return out;
    }

    private void methodEndpoints(String owner, MethodDeclaration method, List<String> prefixes, String classFramework, String file,
            List<CodeEndpoint> out) {
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
            return;     // a JAX-RS sub-resource locator or a plain method
        }
        if (paths == null) {
            if (verbs.isEmpty()) {
                return;
            }
            paths = List.of("");
        }
        if (verbs.isEmpty()) {
            if (method.getAnnotations().stream().noneMatch(a -> simple(a.getNameAsString()).equals("RequestMapping"))) {
                return;
            }
            verbs.add("*");
        }
        for (String prefix : prefixes) {
            for (String path : paths) {
                for (String verb : verbs) {
                    out.add(new CodeEndpoint("java", framework, verb, Templates.normalize(Templates.join(prefix, path)), file, line));
                }
            }
        }
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
