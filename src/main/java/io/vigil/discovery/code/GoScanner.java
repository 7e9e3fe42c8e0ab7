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
 * Go endpoints: net/http ({@code HandleFunc("/x", …)}, Go 1.22 {@code "GET /items/{id}"}
 * patterns), gorilla/mux ({@code .Methods("GET")}), gin and echo ({@code r.GET("/x", …)},
 * {@code g := r.Group("/v1")}) and chi ({@code r.Get("/x", …)}, {@code r.Route("/p", func(r chi.Router) {…})},
 * {@code r.Mount("/p", adminRouter())}).
 */
final class GoScanner {

    private static final Pattern HANDLE = Pattern.compile("\\b(\\w+)\\.(HandleFunc|Handle)\\(\\s*\"([^\"]*)\"");
    private static final Pattern GORILLA_METHODS = Pattern.compile("^[^\\n]*?\\)\\s*\\.Methods\\(([^)]*)\\)");
    private static final Pattern UPPER = Pattern.compile("\\b(\\w+)\\.(GET|POST|PUT|DELETE|PATCH|OPTIONS|HEAD|Any)\\(\\s*\"([^\"]*)\"");
    private static final Pattern CHI = Pattern.compile("\\b(\\w+)\\.(Get|Post|Put|Delete|Patch|Options|Head|Connect|Trace)\\(\\s*\"([^\"]*)\"");
    private static final Pattern CHI_METHOD = Pattern.compile("\\b(\\w+)\\.Method(?:Func)?\\(\\s*\"(\\w+)\"\\s*,\\s*\"([^\"]*)\"");
    private static final Pattern GROUP = Pattern.compile("\\b(\\w+)\\s*:?=\\s*(\\w+)\\.Group\\(\\s*\"([^\"]*)\"");
    private static final Pattern ROUTE = Pattern.compile("\\b(\\w+)\\.Route\\(\\s*\"([^\"]*)\"\\s*,\\s*func\\s*\\(\\s*(\\w+)\\s+[\\w.]+\\s*\\)\\s*\\{");
    private static final Pattern MOUNT = Pattern.compile("\\b(\\w+)\\.Mount\\(\\s*\"([^\"]*)\"\\s*,\\s*(\\w+)\\(");

    private record Block(int start, int end, String variable, String prefix) {
    }

    private final Map<Path, List<CodeEndpoint>> byFile = new HashMap<>();

    void add(Path file, String source) {
        String text = SourceText.withoutComments(source, false);
        String framework = text.contains("github.com/gin-gonic/gin") ? "gin" : text.contains("github.com/labstack/echo") ? "echo"
                : text.contains("github.com/go-chi/chi") ? "chi" : text.contains("github.com/gorilla/mux") ? "gorilla" : "net/http";
        Map<String, String> groups = new HashMap<>();
        Matcher m = GROUP.matcher(text);
        while (m.find()) {
            groups.put(m.group(1), Templates.join(groups.getOrDefault(m.group(2), ""), m.group(3)));
        }
        List<Block> blocks = new ArrayList<>();
        m = ROUTE.matcher(text);
        while (m.find()) {
            String outer = prefix(m.group(1), m.start(), groups, blocks);
            blocks.add(new Block(m.end() - 1, close(text, m.end() - 1), m.group(3), Templates.join(outer, m.group(2))));
        }
        m = MOUNT.matcher(text);
        while (m.find()) {
            String outer = prefix(m.group(1), m.start(), groups, blocks);
            Matcher function = Pattern.compile("func\\s+" + Pattern.quote(m.group(3)) + "\\s*\\([^)]*\\)[^{]*\\{").matcher(text);
            if (function.find()) {
                blocks.add(new Block(function.end() - 1, close(text, function.end() - 1), null, Templates.join(outer, m.group(2))));
            }
        }
        List<CodeEndpoint> out = new ArrayList<>();
        m = HANDLE.matcher(text);
        while (m.find()) {
            String pattern = m.group(3);
            String method = "*";
            int space = pattern.indexOf(' ');
            if (space > 0 && pattern.substring(0, space).chars().allMatch(Character::isUpperCase)) {
                method = pattern.substring(0, space);
                pattern = pattern.substring(space + 1).trim();
            }
            Matcher methods = GORILLA_METHODS.matcher(text.substring(m.end()));
            List<String> verbs = new ArrayList<>();
            if (methods.find()) {
                for (String v : methods.group(1).replaceAll("[\"\\s]", "").split(",")) {
                    verbs.add(v.replace("http.Method", "").toUpperCase(Locale.ROOT));
                }
            } else {
                verbs.add(method);
            }
            String fw = m.group(1).equals("http") || !(framework.equals("gorilla") || framework.equals("chi")) ? "net/http" : framework;
            for (String verb : verbs) {
                add(out, file, fw, verb, prefix(m.group(1), m.start(), groups, blocks), pattern, text, m.start());
            }
        }
        m = UPPER.matcher(text);
        while (m.find()) {
            String verb = m.group(2).equals("Any") ? "*" : m.group(2);
            add(out, file, framework.equals("echo") ? "echo" : "gin", verb, prefix(m.group(1), m.start(), groups, blocks), m.group(3),
                    text, m.start());
        }
        m = CHI.matcher(text);
        while (m.find()) {
            add(out, file, "chi", m.group(2).toUpperCase(Locale.ROOT), prefix(m.group(1), m.start(), groups, blocks), m.group(3),
                    text, m.start());
        }
        m = CHI_METHOD.matcher(text);
        while (m.find()) {
            add(out, file, "chi", m.group(2).toUpperCase(Locale.ROOT), prefix(m.group(1), m.start(), groups, blocks), m.group(3),
                    text, m.start());
        }
        out.sort(java.util.Comparator.comparingInt(CodeEndpoint::line));
        byFile.put(file, out);
    }

    private static void add(List<CodeEndpoint> out, Path file, String framework, String method, String prefix, String path,
            String text, int at) {
        if (!path.startsWith("/") && !path.isEmpty()) {
            return;     // not a route (a header name, a map key)
        }
        out.add(new CodeEndpoint("go", framework, method, Templates.normalize(Templates.join(prefix, path)), file.toString(),
                SourceText.line(text, at)));
    }

    /** The prefix of routes registered on {@code variable} at {@code offset}: its group, or the innermost enclosing Route/Mount. */
    private static String prefix(String variable, int offset, Map<String, String> groups, List<Block> blocks) {
        Block inner = null;
        for (Block b : blocks) {
            if (b.start() < offset && offset < b.end() && (b.variable() == null || b.variable().equals(variable))
                    && (inner == null || b.start() > inner.start())) {
                inner = b;
            }
        }
        String group = groups.getOrDefault(variable, "");
        return inner == null ? group : Templates.join(inner.prefix(), group);
    }

    /** The offset after the brace that closes the one at {@code open}. */
    private static int close(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '`') {
                int end = text.indexOf(c, i + 1);
                i = end < 0 ? text.length() : end;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i + 1;
            }
        }
        return text.length();
    }

    List<CodeEndpoint> endpoints(Path file) {
        return byFile.getOrDefault(file, List.of());
    }
}
