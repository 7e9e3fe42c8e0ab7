package io.vigil.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Binds YAML to config records. The records are the schema: a record component is a YAML key of
 * the same name. Unknown keys, wrong types, missing required fields and unset environment
 * variables are all collected, each with file, line and field, so one run of {@code vigil check}
 * shows every mistake. Scalars may use {@code ${VAR}} and {@code ${VAR:-default}}.
 */
public final class YamlBinder {

    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final String file;
    private final Function<String, String> env;
    private final List<ConfigError> errors = new ArrayList<>();
    private final Map<String, Mark> locations = new HashMap<>();

    private YamlBinder(String file, Function<String, String> env) {
        this.file = file;
        this.env = env;
    }

    /**
     * The bound value, where each field came from (for errors found after binding), and the
     * errors found while binding. The value may be partial when there are errors.
     */
    public record Bound<T>(T value, Map<String, Mark> locations, List<ConfigError> errors) {
    }

    public static <T> Bound<T> bind(String file, String yaml, Class<T> type, Function<String, String> env)
            throws ConfigException {
        YamlBinder binder = new YamlBinder(file, env);
        Node root;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(file).build();
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, yaml)));
            root = composer.getSingleNode().orElse(null);
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().orElse(null);
            throw new ConfigException(List.of(new ConfigError(file, mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1, "", "YAML syntax error: " + e.getProblem())));
        } catch (RuntimeException e) {
            throw new ConfigException(List.of(new ConfigError(file, 0, 0, "", "YAML syntax error: " + e.getMessage())));
        }
        if (root == null) {
            root = new MappingNode(org.snakeyaml.engine.v2.nodes.Tag.MAP, List.of(),
                    org.snakeyaml.engine.v2.common.FlowStyle.AUTO);
        }
        Object value = binder.convert(root, type, "");
        return new Bound<>(type.cast(value), Map.copyOf(binder.locations), List.copyOf(binder.errors));
    }

    private Object convert(Node node, Type type, String path) {
        locate(path, node);
        Class<?> raw = rawClass(type);
        if (isSection(raw)) {
            return bindRecord(node, raw, path);
        }
        if (raw == List.class) {
            return bindList(node, typeArgument(type, 0), path);
        }
        if (raw == Map.class) {
            return bindMap(node, typeArgument(type, 1), path);
        }
        if (!(node instanceof ScalarNode scalar)) {
            error(node, path, "expected a single value (" + describe(raw) + "), got a "
                    + (node instanceof MappingNode ? "mapping" : "list"));
            return null;
        }
        String text = substitute(scalar.getValue(), node, path);
        if (text == null) {
            return null;
        }
        try {
            return scalar(text, raw);
        } catch (IllegalArgumentException e) {
            error(node, path, e.getMessage());
            return null;
        }
    }

    private Object bindRecord(Node node, Class<?> type, String path) {
        if (!(node instanceof MappingNode mapping)) {
            error(node, path, "expected a mapping of fields, got " + (node instanceof ScalarNode s
                    ? "'" + s.getValue() + "'" : "a list"));
            return null;
        }
        RecordComponent[] components = type.getRecordComponents();
        Map<String, Node> given = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = keyOf(tuple, path);
            if (key == null) {
                continue;
            }
            if (given.put(key, tuple.getValueNode()) != null) {
                error(tuple.getKeyNode(), join(path, key), "appears twice");
            }
        }
        Set<String> known = new HashSet<>();
        for (RecordComponent c : components) {
            known.add(c.getName());
        }
        for (NodeTuple tuple : mapping.getValue()) {
            String key = keyOf(tuple, path);
            if (key != null && !known.contains(key)) {
                error(tuple.getKeyNode(), join(path, key), "unknown field (expected one of: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        boolean complete = true;
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            String field = join(path, c.getName());
            Node value = given.get(c.getName());
            if (value != null && !isNull(value)) {
                args[i] = convert(value, c.getGenericType(), field);
            } else {
                args[i] = absent(c, node, field);
            }
            if (args[i] == null && c.getType().isPrimitive()) {
                complete = false;
            }
        }
        if (!complete) {
            return null;
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException) {
                error(node, path, cause.getMessage());
                return null;
            }
            if (cause instanceof NullPointerException) {
                // A compact constructor rejected a null that an earlier error already explains.
                return null;
            }
            throw new IllegalStateException("config record " + type.getSimpleName() + " failed", cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("config record " + type.getSimpleName() + " cannot be built", e);
        }
    }

    private Object absent(RecordComponent c, Node parent, String field) {
        Default defaultValue = c.getAnnotation(Default.class);
        if (c.getAnnotation(Required.class) != null) {
            error(parent, field, "is required");
            return null;
        }
        Class<?> type = c.getType();
        if (defaultValue != null && type == List.class) {
            // A list default is written as YAML flow: "[a, b]" (string elements only).
            String inner = defaultValue.value().replaceAll("^\\[|]$", "").trim();
            return inner.isEmpty() ? List.of() : List.of(inner.split("\\s*,\\s*"));
        }
        if (defaultValue != null) {
            return scalar(defaultValue.value(), type);
        }
        if (type == List.class) {
            return List.of();
        }
        if (type == Map.class) {
            return Map.of();
        }
        if (type == boolean.class) {
            return false;
        }
        if (isSection(type) && c.getAnnotation(OptionalSection.class) == null) {
            // A section left out is the section with all its defaults.
            return bindRecord(new MappingNode(org.snakeyaml.engine.v2.nodes.Tag.MAP, List.of(),
                    org.snakeyaml.engine.v2.common.FlowStyle.AUTO), type, field);
        }
        if (type.isPrimitive()) {
            error(parent, field, "is required");
        }
        return null;
    }

    private List<Object> bindList(Node node, Type element, String path) {
        if (!(node instanceof SequenceNode sequence)) {
            if (node instanceof ScalarNode && !isSection(rawClass(element))) {
                error(node, path, "expected a list, e.g. [ " + ((ScalarNode) node).getValue() + " ]");
            } else {
                error(node, path, "expected a list");
            }
            return List.of();
        }
        List<Object> out = new ArrayList<>();
        int i = 0;
        for (Node item : sequence.getValue()) {
            Object value = convert(item, element, path + "[" + i++ + "]");
            if (value != null) {
                out.add(value);
            }
        }
        return List.copyOf(out);
    }

    private Map<String, Object> bindMap(Node node, Type value, String path) {
        if (!(node instanceof MappingNode mapping)) {
            error(node, path, "expected a mapping of names to values");
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = keyOf(tuple, path);
            if (key == null) {
                continue;
            }
            String field = join(path, key);
            if (out.containsKey(key)) {
                error(tuple.getKeyNode(), field, "appears twice");
                continue;
            }
            Object bound = convert(tuple.getValueNode(), value, field);
            if (bound != null) {
                out.put(key, bound);
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private String keyOf(NodeTuple tuple, String path) {
        if (tuple.getKeyNode() instanceof ScalarNode key) {
            return key.getValue();
        }
        error(tuple.getKeyNode(), path, "keys must be plain names");
        return null;
    }

    private String substitute(String text, Node node, String path) {
        if (text.indexOf("${") < 0) {
            return text;
        }
        Matcher m = ENV.matcher(text);
        StringBuilder out = new StringBuilder();
        boolean ok = true;
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                error(node, path, "environment variable " + m.group(1)
                        + " is not set (set it, or write ${" + m.group(1) + ":-default})");
                ok = false;
                value = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return ok ? out.toString() : null;
    }

    static Object scalar(String text, Class<?> type) {
        if (type == String.class) {
            return text;
        }
        if (type == int.class || type == Integer.class) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a whole number");
            }
        }
        if (type == long.class || type == Long.class) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a whole number");
            }
        }
        if (type == double.class || type == Double.class) {
            try {
                return Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a number");
            }
        }
        if (type == boolean.class || type == Boolean.class) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
            };
        }
        if (type == Duration.class) {
            return Durations.parse(text);
        }
        if (type == DataSize.class) {
            return DataSize.parse(text);
        }
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                if (yamlName((Enum<?>) constant).equals(text.trim())) {
                    return constant;
                }
            }
            List<String> names = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(yamlName((Enum<?>) constant));
            }
            throw new IllegalArgumentException("'" + text + "' is not one of: " + String.join(", ", names));
        }
        throw new IllegalStateException("no YAML conversion for " + type);
    }

    /** {@code ROUND_ROBIN} is written {@code roundRobin} in YAML. */
    public static String yamlName(Enum<?> constant) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : constant.name().toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? c : Character.toLowerCase(c));
                upper = false;
            }
        }
        return out.toString();
    }

    /** Records are YAML mappings, except value types that YAML writes as one scalar. */
    private static boolean isSection(Class<?> type) {
        return type.isRecord() && type != DataSize.class;
    }

    private static String describe(Class<?> type) {
        if (type == Duration.class) {
            return "a duration like 30s";
        }
        if (type == DataSize.class) {
            return "a size like 10MiB";
        }
        return type.getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && node.getTag().equals(org.snakeyaml.engine.v2.nodes.Tag.NULL)
                && (s.getValue().isEmpty() || s.getValue().equals("~") || s.getValue().equals("null"));
    }

    private void locate(String path, Node node) {
        node.getStartMark().ifPresent(mark -> locations.putIfAbsent(path, mark));
    }

    private void error(Node node, String path, String message) {
        Mark mark = node.getStartMark().orElse(null);
        errors.add(new ConfigError(file, mark == null ? 0 : mark.getLine() + 1,
                mark == null ? 0 : mark.getColumn() + 1, path, message));
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("unsupported config type " + type);
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        throw new IllegalStateException("raw collection type in config record: " + type);
    }
}
