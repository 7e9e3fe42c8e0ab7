package io.vigil.discovery.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The field paths an operation's successful JSON responses (and its JSON request body) declare, in the form discovery
 * records observed ones ({@code customer.email}, {@code items[].sku}, {@code [].id} for a top-level
 * array), following local {@code $ref}s, {@code allOf}, {@code oneOf} and {@code anyOf}. An object
 * that allows other properties (no {@code properties}, or {@code additionalProperties}) is open:
 * recorded as {@code prefix.*}, and nothing observed under it is drift.
 */
final class SchemaFields {

    private static final int MAX_DEPTH = 24;
    private static final int MAX_FIELDS = 1_000;
    private static final int MAX_CALLS = 10_000;

    private SchemaFields() {
    }

    /**
     * @param responses the operation's {@code responses} object
     * @param openApi3 whether schemas sit under {@code content.<media type>.schema} (3.x) or directly under {@code schema} (2.0)
     * @return the declared paths, or null when no successful response declares a JSON schema
     */
    static Set<String> of(JsonNode root, JsonNode responses, boolean openApi3) {
        Set<String> out = new TreeSet<>();
        int[] budget = {MAX_CALLS};
        boolean any = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().startsWith("2")) {
                continue;
            }
            JsonNode response = resolve(root, e.getValue(), 0);
            JsonNode schema = openApi3 ? jsonSchema(response) : response.get("schema");
            if (schema != null) {
                any = true;
                collect(root, schema, "", out, 0, budget);
            }
        }
        return any ? Set.copyOf(out) : null;
    }

    /**
     * The field paths an operation's JSON request body declares: 3.x {@code requestBody} (or a
     * {@code $ref} to one), 2.0 the {@code in: body} parameter. Null when it declares none.
     */
    static Set<String> ofRequest(JsonNode root, JsonNode operation, boolean openApi3) {
        JsonNode schema = null;
        if (openApi3) {
            schema = jsonSchema(resolve(root, operation.path("requestBody"), 0));
        } else {
            for (JsonNode parameter : operation.path("parameters")) {
                JsonNode p = resolve(root, parameter, 0);
                if ("body".equals(p.path("in").asText()) && p.has("schema")) {
                    schema = p.get("schema");
                }
            }
        }
        if (schema == null) {
            return null;
        }
        Set<String> out = new TreeSet<>();
        collect(root, schema, "", out, 0, new int[] {MAX_CALLS});
        return Set.copyOf(out);
    }

    /** The schema of a 3.x response or request body's first JSON media type, or null. */
    private static JsonNode jsonSchema(JsonNode body) {
        for (Iterator<Map.Entry<String, JsonNode>> types = body.path("content").fields(); types.hasNext(); ) {
            Map.Entry<String, JsonNode> type = types.next();
            if (type.getKey().contains("json") && type.getValue().has("schema")) {
                return type.getValue().get("schema");
            }
        }
        return null;
    }

    private static void collect(JsonNode root, JsonNode schema, String prefix, Set<String> out, int depth, int[] budget) {
        // A budget of visits as well as a depth: oneOf: [$ref A, $ref A, $ref A] within A would branch 3^depth times.
        if (depth > MAX_DEPTH || out.size() > MAX_FIELDS || --budget[0] < 0) {
            out.add(prefix.isEmpty() ? "*" : prefix + ".*");
            return;
        }
        JsonNode s = resolve(root, schema, 0);
        for (String combinator : new String[] {"allOf", "oneOf", "anyOf"}) {
            for (JsonNode part : s.path(combinator)) {
                collect(root, part, prefix, out, depth + 1, budget);
            }
        }
        if (s.has("items") || "array".equals(s.path("type").asText())) {
            collect(root, s.path("items"), prefix + "[]", out, depth + 1, budget);
            return;
        }
        JsonNode properties = s.path("properties");
        boolean combined = s.has("allOf") || s.has("oneOf") || s.has("anyOf");
        if (properties.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                String path = prefix.isEmpty() ? p.getKey() : prefix + "." + p.getKey();
                out.add(path);
                collect(root, p.getValue(), path, out, depth + 1, budget);
            }
        }
        boolean object = "object".equals(s.path("type").asText()) || properties.isObject();
        JsonNode additional = s.path("additionalProperties");
        boolean open = (object && !properties.isObject() && !combined) || additional.isObject()
                || (additional.isBoolean() && additional.asBoolean());
        if (open) {
            out.add(prefix.isEmpty() ? "*" : prefix + ".*");
        }
    }

    /** Follows a local {@code $ref} ({@code #/components/schemas/Order}); anything else is taken as it is. */
    private static JsonNode resolve(JsonNode root, JsonNode node, int depth) {
        JsonNode current = node;
        for (int i = depth; i < MAX_DEPTH && current.has("$ref"); i++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            }
            current = root.at(ref.substring(1));
        }
        return current;
    }

    /** Whether an observed field is declared (or lies under an open object). */
    static boolean declares(Set<String> declared, String field) {
        if (declared.contains(field) || declared.contains("*")) {
            return true;
        }
        for (int i = field.length() - 1; i > 0; i--) {
            char c = field.charAt(i);
            if (c == '.' && declared.contains(field.substring(0, i) + ".*")) {
                return true;
            }
            if (c == '[' && declared.contains(field.substring(0, i) + ".*")) {
                return true;
            }
        }
        return false;
    }
}
