package io.vigil.discovery.code;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JavaScript and TypeScript endpoints: Express apps and routers ({@code app.get('/x', …)},
 * {@code router.route('/x').get(…).post(…)}, and {@code app.use('/prefix', router)} across
 * files through {@code require}/{@code import}), Fastify ({@code fastify.get('/x', …)},
 * {@code fastify.route({method, url})}) and NestJS ({@code @Controller('users')} with
 * {@code @Get(':id')}, and {@code app.setGlobalPrefix('api')}).
 */
final class JsScanner {

    /** A quoted string literal whose quote is group {@code n} and whose text is group {@code n + 1}. */
    private static String str(int n) {
        return "(['\"`])([^'\"`]*)\\" + n;
    }

    private static final Pattern VERB_CALL = Pattern.compile(
            "\\b([A-Za-z_$][\\w$]*)\\s*\\.\\s*(get|post|put|delete|patch|options|head|all)\\s*\\(\\s*" + str(3) + "\\s*,");
    private static final Pattern ROUTE_CHAIN = Pattern.compile(
            "\\b([A-Za-z_$][\\w$]*)\\s*\\.\\s*route\\s*\\(\\s*" + str(2) + "\\s*\\)");
    private static final Pattern CHAINED_VERB = Pattern.compile("^\\s*\\.\\s*(get|post|put|delete|patch|options|head|all)\\s*\\(");
    private static final Pattern FASTIFY_ROUTE = Pattern.compile("\\.\\s*route\\s*\\(\\s*\\{");
    private static final Pattern FASTIFY_URL = Pattern.compile("\\burl\\s*:\\s*" + str(1));
    private static final Pattern FASTIFY_METHOD = Pattern.compile("\\bmethod\\s*:\\s*(\\[[^\\]]*\\]|(['\"])\\w+\\2)");
    /** {@code x.use('/p', require('./f'))} (groups 2, 4) or {@code x.use('/p', name)} (groups 2, 5). */
    private static final Pattern USE = Pattern.compile("\\b[A-Za-z_$][\\w$]*\\s*\\.\\s*(?:use|register)\\s*\\(\\s*" + str(1)
            + "\\s*,\\s*(?:require\\(\\s*" + str(3) + "\\s*\\)|([A-Za-z_$][\\w$]*))");
    /** {@code import name from './f'} (groups 1, 3) or {@code const name = require('./f')} (groups 4, 6). */
    private static final Pattern IMPORT = Pattern.compile("import\\s+([A-Za-z_$][\\w$]*)\\s+from\\s+" + str(2)
            + "|(?:const|let|var)\\s+([A-Za-z_$][\\w$]*)\\s*=\\s*require\\(\\s*" + str(5) + "\\s*\\)");
    /** {@code @Controller('p')} (group 2) or {@code @Controller({ path: 'p' })} (group 4). */
    private static final Pattern NEST_CONTROLLER = Pattern.compile("@Controller\\s*\\(\\s*(?:" + str(1)
            + "|\\{[^}]*path\\s*:\\s*" + str(3) + "[^}]*\\})?\\s*\\)");
    private static final Pattern NEST_VERB = Pattern.compile("@(Get|Post|Put|Delete|Patch|Options|Head|All)\\s*\\(\\s*(?:"
            + str(2) + ")?\\s*\\)");
    private static final Pattern GLOBAL_PREFIX = Pattern.compile("\\.setGlobalPrefix\\s*\\(\\s*" + str(1) + "\\s*\\)");

    /** One file's findings before prefixes from other files are known. */
    private record Found(String framework, String method, String path, int line, String router) {
    }

    private final Map<String, List<Found>> byFile = new HashMap<>();
    /** file → router variable → prefix mounted in that same file */
    private final Map<String, Map<String, String>> localMounts = new HashMap<>();
    /** resolved file (without extension) → prefix it is mounted under from another file */
    private final Map<String, String> fileMounts = new HashMap<>();
    private String nestPrefix = "";

    void add(Path file, String source) {
        String text = SourceText.withoutComments(source, false);
        String key = file.toString();
        List<Found> found = new ArrayList<>();
        boolean fastify = text.contains("fastify");
        Map<String, String> imports = new HashMap<>();
        Matcher m = IMPORT.matcher(text);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(4);
            String from = m.group(1) != null ? m.group(3) : m.group(6);
            if (from.startsWith(".")) {
                imports.put(name, strip(file.getParent().resolve(from).normalize().toString()));
            }
        }
        Map<String, String> mounts = new HashMap<>();
        m = USE.matcher(text);
        while (m.find()) {
            String prefix = m.group(2);
            if (m.group(4) != null && m.group(4).startsWith(".")) {
                fileMounts.put(strip(file.getParent().resolve(m.group(4)).normalize().toString()), prefix);
            } else if (m.group(5) != null) {
                String target = imports.get(m.group(5));
                if (target != null) {
                    fileMounts.put(target, prefix);
                } else {
                    mounts.put(m.group(5), prefix);
                }
            }
        }
        localMounts.put(key, mounts);
        m = VERB_CALL.matcher(text);
        while (m.find()) {
            String path = m.group(4);
            if (path.startsWith("/") || path.equals("*")) {
                found.add(new Found(fastify ? "fastify" : "express", verb(m.group(2)), path, SourceText.line(text, m), m.group(1)));
            }
        }
        m = ROUTE_CHAIN.matcher(text);
        while (m.find()) {
            int at = m.end();
            Matcher verb = CHAINED_VERB.matcher(text.substring(at));
            while (verb.find()) {
                found.add(new Found("express", verb(verb.group(1)), m.group(3), SourceText.line(text, at + verb.start()), m.group(1)));
                at = skipCall(text, at + verb.end() - 1);
                verb = CHAINED_VERB.matcher(text.substring(at));
            }
        }
        m = FASTIFY_ROUTE.matcher(text);
        while (m.find()) {
            int end = skipCall(text, m.end() - 2);
            String block = text.substring(m.end() - 1, Math.min(end, text.length()));
            Matcher url = FASTIFY_URL.matcher(block);
            Matcher method = FASTIFY_METHOD.matcher(block);
            if (url.find() && method.find()) {
                for (String v : method.group(1).replaceAll("[\\[\\]'\"\\s]", "").split(",")) {
                    found.add(new Found("fastify", v.toUpperCase(Locale.ROOT), url.group(2), SourceText.line(text, m), null));
                }
            }
        }
        nest(text, found);
        m = GLOBAL_PREFIX.matcher(text);
        if (m.find()) {
            nestPrefix = m.group(2);
        }
        byFile.put(key, found);
    }

    private static void nest(String text, List<Found> found) {
        Matcher controller = NEST_CONTROLLER.matcher(text);
        List<int[]> starts = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        while (controller.find()) {
            starts.add(new int[] {controller.start()});
            prefixes.add(controller.group(2) != null ? controller.group(2) : controller.group(4) != null ? controller.group(4) : "");
        }
        if (starts.isEmpty()) {
            return;
        }
        Matcher verb = NEST_VERB.matcher(text);
        while (verb.find()) {
            int owner = -1;
            for (int i = 0; i < starts.size(); i++) {
                if (starts.get(i)[0] < verb.start()) {
                    owner = i;
                }
            }
            if (owner >= 0) {
                String path = verb.group(3) == null ? "" : verb.group(3);
                found.add(new Found("nestjs", verb(verb.group(1)), Templates.join("/" + prefixes.get(owner), path),
                        SourceText.line(text, verb), "@nest"));
            }
        }
    }

    List<CodeEndpoint> endpoints(Path file) {
        String key = file.toString();
        List<CodeEndpoint> out = new ArrayList<>();
        String filePrefix = fileMounts.getOrDefault(strip(key), "");
        Map<String, String> mounts = localMounts.getOrDefault(key, Map.of());
        for (Found f : byFile.getOrDefault(key, List.of())) {
            String prefix;
            if ("@nest".equals(f.router())) {
                prefix = nestPrefix.isEmpty() ? "" : "/" + nestPrefix;
            } else {
                prefix = Templates.join(filePrefix, mounts.getOrDefault(f.router(), ""));
            }
            out.add(new CodeEndpoint(key.endsWith(".ts") || key.endsWith(".tsx") ? "typescript" : "javascript", f.framework(),
                    f.method(), Templates.normalize(Templates.join(prefix, f.path())), key, f.line()));
        }
        return out;
    }

    private static String verb(String name) {
        String v = name.toUpperCase(Locale.ROOT);
        return v.equals("ALL") ? "*" : v;
    }

    /** Past the call whose "(" is at {@code open}: matching parentheses and braces, strings skipped. */
    private static int skipCall(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = text.indexOf(c, i + 1);
                i = end < 0 ? text.length() : end;
            } else if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        return text.length();
    }

    /** A module's identity: its path without extension, a directory's {@code index} as the directory. */
    private static String strip(String path) {
        String p = path;
        for (String ext : List.of(".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx")) {
            if (p.endsWith(ext)) {
                p = p.substring(0, p.length() - ext.length());
                break;
            }
        }
        return p.endsWith("/index") ? p.substring(0, p.length() - "/index".length()) : p;
    }
}
