package io.vigil.authz;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.Program;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL environment every policy expression is written in: the variables ({@code request},
 * {@code principal}, {@code device}, {@code network}, {@code time}, {@code risk}) as typed
 * structs, so a misspelt field is a load-time error, and the helper functions
 * {@code inCidr(ip, cidr)} and {@code time.between('09:00', '17:00')}. Expressions must be
 * boolean. Built once; compiling and evaluating are thread-safe.
 *
 * <p>Cost limits: expressions are bounded in size, nesting and node count when parsed, and every
 * comprehension ({@code all}, {@code exists}, {@code map}, {@code filter}) stops after
 * {@value #MAX_ITERATIONS} iterations at run time, which fails the evaluation (and so denies).
 */
public final class PolicyLanguage {

    public static final int MAX_ITERATIONS = 1_000;

    private static final MapType STRING_MAP = MapType.create(SimpleType.STRING, SimpleType.STRING);
    private static final ListType STRING_LIST = ListType.create(SimpleType.STRING);

    /** Field name → type, in the order the README documents them. */
    static final Map<String, Map<String, CelType>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("request", fields(
                "id", SimpleType.STRING, "method", SimpleType.STRING, "scheme", SimpleType.STRING,
                "host", SimpleType.STRING, "path", SimpleType.STRING, "route", SimpleType.STRING,
                "params", STRING_MAP, "query", STRING_MAP, "headers", STRING_MAP));
        FIELDS.put("principal", fields(
                "type", SimpleType.STRING, "sub", SimpleType.STRING, "issuer", SimpleType.STRING,
                "method", SimpleType.STRING, "scopes", STRING_LIST, "roles", STRING_LIST,
                "tenant", SimpleType.STRING, "claims", MapType.create(SimpleType.STRING, SimpleType.DYN),
                "acr", SimpleType.STRING, "amr", STRING_LIST, "auth_time", SimpleType.INT,
                "session_id", SimpleType.STRING, "token_id", SimpleType.STRING));
        FIELDS.put("device", fields(
                "id", SimpleType.STRING, "certificate", SimpleType.BOOL, "thumbprint", SimpleType.STRING,
                "compliant", SimpleType.BOOL, "tls_ja4", SimpleType.STRING, "tls_ja3", SimpleType.STRING));
        FIELDS.put("network", fields("ip", SimpleType.STRING, "tags", STRING_LIST, "country", SimpleType.STRING, "asn",
                SimpleType.INT));
        FIELDS.put("time", fields(
                "now", SimpleType.TIMESTAMP, "hour", SimpleType.INT, "minute", SimpleType.INT,
                "weekday", SimpleType.STRING, "date", SimpleType.STRING));
        FIELDS.put("risk", fields("score", SimpleType.INT, "factors", STRING_LIST));
    }

    private static final Map<String, StructType> TYPES = new LinkedHashMap<>();

    static {
        FIELDS.forEach((variable, fields) -> TYPES.put(variable, StructType.create(
                "vigil." + Character.toUpperCase(variable.charAt(0)) + variable.substring(1),
                ImmutableSet.copyOf(fields.keySet()), name -> Optional.ofNullable(fields.get(name)))));
    }

    private static final Cel CEL = build();

    private PolicyLanguage() {
    }

    /**
     * A compiled, type-checked expression, ready to evaluate.
     *
     * @param readsRisk whether it reads {@code risk}, which only a configured risk stage fills in
     */
    public record Compiled(String source, Program program, boolean readsRisk) {

        /** @throws CelEvaluationException when the expression fails (missing key, cost limit, ...) */
        public boolean test(PolicyVariables variables) throws CelEvaluationException {
            return Boolean.TRUE.equals(program.eval(variables));
        }
    }

    /** Why an expression did not compile: the message, 1-based column, and CEL's pointer text. */
    public record Problem(int column, String message) {
    }

    /**
     * Parses and type-checks an expression.
     *
     * @param problems receives every problem; nothing is returned when there is one
     */
    public static Compiled compile(String expression, List<Problem> problems) {
        CelAbstractSyntaxTree ast;
        try {
            ast = CEL.compile(expression).getAst();
        } catch (CelValidationException e) {
            for (CelIssue issue : e.getErrors()) {
                problems.add(new Problem(issue.getSourceLocation().getColumn() + 1, issue.getMessage()));
            }
            return null;
        }
        checkLiterals(ast, problems);
        if (!problems.isEmpty()) {
            return null;
        }
        try {
            boolean readsRisk = CelNavigableAst.fromAst(ast).getRoot().allNodes().anyMatch(node ->
                    node.expr().getKind() == CelExpr.ExprKind.Kind.IDENT && node.expr().ident().name().equals("risk"));
            return new Compiled(expression, CEL.createProgram(ast), readsRisk);
        } catch (CelEvaluationException e) {
            problems.add(new Problem(1, e.getMessage()));
            return null;
        }
    }

    /** The variable names and their fields, for documentation and error messages. */
    public static Map<String, Map<String, CelType>> variables() {
        return FIELDS;
    }

    /**
     * Literal arguments of the helper functions are checked now, so a typo in a CIDR or a time
     * of day is a config error rather than a denial of every request at run time.
     */
    private static void checkLiterals(CelAbstractSyntaxTree ast, List<Problem> problems) {
        CelNavigableAst.fromAst(ast).getRoot().allNodes().forEach(node -> {
            CelExpr expr = node.expr();
            if (expr.getKind() != CelExpr.ExprKind.Kind.CALL) {
                return;
            }
            String function = expr.call().function();
            List<CelExpr> args = expr.call().args();
            for (int i = 0; i < args.size(); i++) {
                CelExpr arg = args.get(i);
                if (arg.getKind() != CelExpr.ExprKind.Kind.CONSTANT
                        || arg.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
                    continue;
                }
                String problem = switch (function) {
                    case "inCidr" -> i == 1 ? PolicyFunctions.cidrProblem(arg.constant().stringValue()) : null;
                    case "between" -> PolicyFunctions.timeOfDayProblem(arg.constant().stringValue());
                    default -> null;
                };
                if (problem != null) {
                    int offset = ast.getSource().getPositionsMap().getOrDefault(arg.id(), 0);
                    int column = ast.getSource().getOffsetLocation(offset).map(l -> l.getColumn() + 1).orElse(1);
                    problems.add(new Problem(column, problem));
                }
            }
        });
    }

    private static Map<String, CelType> fields(Object... nameType) {
        Map<String, CelType> out = new LinkedHashMap<>();
        for (int i = 0; i < nameType.length; i += 2) {
            out.put((String) nameType[i], (CelType) nameType[i + 1]);
        }
        return out;
    }

    private static Cel build() {
        List<CelType> types = new ArrayList<>(TYPES.values());
        CelTypeProvider provider = new CelTypeProvider() {
            @Override
            public ImmutableCollection<CelType> types() {
                return ImmutableList.copyOf(types);
            }

            @Override
            public Optional<CelType> findType(String name) {
                return types.stream().filter(t -> t.name().equals(name)).findFirst();
            }
        };
        CelOptions options = CelOptions.current()
                .maxExpressionCodePointSize(4_096)
                .maxParseRecursionDepth(32)
                .maxParseExpressionNodeCount(1_000)
                .comprehensionMaxIterations(MAX_ITERATIONS)
                .maxRegexProgramSize(200)
                .build();
        var builder = CelFactory.standardCelBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setTypeProvider(provider)
                .setResultType(SimpleType.BOOL)
                .addFunctionDeclarations(
                        CelFunctionDecl.newFunctionDeclaration("inCidr", CelOverloadDecl.newGlobalOverload(
                                "vigil_in_cidr", SimpleType.BOOL, SimpleType.STRING, SimpleType.STRING)),
                        CelFunctionDecl.newFunctionDeclaration("between", CelOverloadDecl.newMemberOverload(
                                "vigil_time_between", SimpleType.BOOL, TYPES.get("time"), SimpleType.STRING,
                                SimpleType.STRING)))
                .addFunctionBindings(
                        CelFunctionBinding.from("vigil_in_cidr", String.class, String.class, PolicyFunctions::inCidr),
                        CelFunctionBinding.from("vigil_time_between", List.of(Map.class, String.class, String.class),
                                args -> PolicyFunctions.between((PolicyVariables.TimeView) args[0], (String) args[1],
                                        (String) args[2])));
        TYPES.forEach(builder::addVar);
        return builder.build();
    }
}
