package io.vigil.discovery.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the operations an API spec declares: OpenAPI 3.0 and 3.1 through swagger-parser (no
 * reference is resolved, so reading a spec never fetches anything), Swagger 2.0 from its JSON
 * or YAML tree (its paths, methods and extensions are all discovery needs; swagger-parser's 2.0
 * converter would bring a JavaScript engine and an HTTP client into the gateway).
 */
public final class SpecReader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private SpecReader() {
    }

    /** @throws IllegalArgumentException saying why the file is not a spec this reads */
    public static List<DeclaredEndpoint> read(Path file) throws IOException {
        return read(file.toString(), Files.readString(file), null);
    }

    /**
     * @param file the name it is known by (its path, or the name it was imported under)
     * @param defaultOwner the owner of operations the document names none for
     * @throws IllegalArgumentException saying why the text is not a spec this reads
     */
    public static List<DeclaredEndpoint> read(String file, String text, String defaultOwner) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(file + " is not YAML or JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + " is not an OpenAPI 3.x or Swagger 2.0 document");
        }
        List<DeclaredEndpoint> read;
        if ("2.0".equals(root.path("swagger").asText())) {
            read = swagger2(file, root);
        } else if (root.path("openapi").asText().startsWith("3.")) {
            read = openApi3(file, text, root);
        } else {
            read = null;
        }
        if (read != null) {
            return defaultOwner == null ? read : read.stream().map(d -> d.owner() != null ? d
                    : new DeclaredEndpoint(d.spec(), d.method(), d.template(), d.deprecated(), d.retired(), d.secured(),
                            defaultOwner, d.responses(), d.operationId(), d.responseFields(), d.requestFields())).toList();
        }
        throw new IllegalArgumentException(file + " is not an OpenAPI 3.x or Swagger 2.0 document (no openapi: 3.x or swagger: \"2.0\")");
    }

    private static List<DeclaredEndpoint> openApi3(String spec, String text, JsonNode root) {
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
        OpenAPI api = result.getOpenAPI();
        if (api == null || api.getPaths() == null) {
            throw new IllegalArgumentException(spec + ": " + (result.getMessages() == null || result.getMessages().isEmpty()
                    ? "no paths" : String.join("; ", result.getMessages())));
        }
        String base = api.getServers() == null || api.getServers().isEmpty() ? "" : basePath(api.getServers().get(0).getUrl());
        String documentOwner = owner(api.getInfo() == null ? null : api.getInfo().getExtensions(), owner(api.getExtensions(), null));
        boolean securedByDefault = secured(api.getSecurity());
        List<DeclaredEndpoint> out = new ArrayList<>();
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            PathItem item = path.getValue();
            String pathOwner = owner(item.getExtensions(), documentOwner);
            for (Map.Entry<PathItem.HttpMethod, Operation> e : item.readOperationsMap().entrySet()) {
                Operation op = e.getValue();
                Set<String> responses = new LinkedHashSet<>();
                if (op.getResponses() != null) {
                    responses.addAll(op.getResponses().keySet());
                }
                boolean retired = retired(op.getExtensions()) || retired(item.getExtensions());
                JsonNode rawOperation = root.path("paths").path(path.getKey()).path(e.getKey().name().toLowerCase(Locale.ROOT));
                out.add(new DeclaredEndpoint(spec, e.getKey().name(), join(base, path.getKey()), Boolean.TRUE.equals(op.getDeprecated()),
                        retired, op.getSecurity() != null ? secured(op.getSecurity()) : securedByDefault,
                        owner(op.getExtensions(), pathOwner), Set.copyOf(responses), op.getOperationId(),
                        SchemaFields.of(root, rawOperation.path("responses"), true), SchemaFields.ofRequest(root, rawOperation, true)));
            }
        }
        return out;
    }

    private static List<DeclaredEndpoint> swagger2(String spec, JsonNode root) {
        JsonNode paths = root.path("paths");
        if (!paths.isObject()) {
            throw new IllegalArgumentException(spec + ": no paths");
        }
        String base = root.path("basePath").asText("");
        String documentOwner = text(root.path("info").path("x-owner"), text(root.path("x-owner"), null));
        boolean securedByDefault = secured(root.path("security"));
        List<DeclaredEndpoint> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            JsonNode item = path.getValue();
            String pathOwner = text(item.path("x-owner"), documentOwner);
            for (String method : METHODS) {
                JsonNode op = item.path(method);
                if (!op.isObject()) {
                    continue;
                }
                Set<String> responses = new LinkedHashSet<>();
                op.path("responses").fieldNames().forEachRemaining(responses::add);
                boolean retired = "retired".equalsIgnoreCase(op.path("x-lifecycle").asText())
                        || op.path("x-retired").asBoolean(false) || "retired".equalsIgnoreCase(item.path("x-lifecycle").asText());
                out.add(new DeclaredEndpoint(spec, method.toUpperCase(Locale.ROOT), join(base, path.getKey()),
                        op.path("deprecated").asBoolean(false), retired,
                        op.has("security") ? secured(op.path("security")) : securedByDefault, text(op.path("x-owner"), pathOwner),
                        Set.copyOf(responses), op.path("operationId").asText(null), SchemaFields.of(root, op.path("responses"), false),
                        SchemaFields.ofRequest(root, op, false)));
            }
        }
        return out;
    }

    /** The path of a server URL ({@code https://api.example/v1} → {@code /v1}; relative URLs as they are). */
    static String basePath(String url) {
        if (url == null || url.isBlank()) {
            return "";
        }
        String path = url;
        int scheme = url.indexOf("://");
        if (scheme > 0) {
            int slash = url.indexOf('/', scheme + 3);
            path = slash < 0 ? "" : url.substring(slash);
        } else {
            try {
                path = URI.create(url.replace("{", "%7B").replace("}", "%7D")).getRawPath().replace("%7B", "{").replace("%7D", "}");
            } catch (IllegalArgumentException e) {
                path = url;
            }
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    static String join(String base, String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        String joined = base.isEmpty() ? p : base + p;
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private static boolean secured(List<SecurityRequirement> requirements) {
        if (requirements == null) {
            return false;
        }
        for (SecurityRequirement r : requirements) {
            if (!r.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static boolean secured(JsonNode requirements) {
        for (JsonNode r : requirements) {
            if (r.isObject() && r.size() > 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean retired(Map<String, Object> extensions) {
        if (extensions == null) {
            return false;
        }
        return "retired".equalsIgnoreCase(String.valueOf(extensions.get("x-lifecycle")))
                || Boolean.TRUE.equals(extensions.get("x-retired"));
    }

    private static String owner(Map<String, Object> extensions, String fallback) {
        Object owner = extensions == null ? null : extensions.get("x-owner");
        return owner == null ? fallback : String.valueOf(owner);
    }

    private static String text(JsonNode node, String fallback) {
        return node.isMissingNode() || node.isNull() ? fallback : node.asText();
    }
}
