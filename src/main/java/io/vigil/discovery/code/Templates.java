package io.vigil.discovery.code;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Every framework's path syntax to one template form, and prefixes joined to paths. */
final class Templates {

    private static final Pattern COLON = Pattern.compile(":([A-Za-z_][A-Za-z0-9_]*)(?:\\([^)]*\\))?\\??");
    private static final Pattern ANGLE = Pattern.compile("<(?:[a-z]+:)?([A-Za-z_][A-Za-z0-9_]*)>");
    private static final Pattern BRACED_REST = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(?:\\.\\.\\.|\\*)}");

    private Templates() {
    }

    /**
     * Normalises a framework path: {@code /users/:id}, {@code users/<int:id>/}, {@code ^users/(?P<id>\d+)/$},
     * {@code /files/<path:name>}, {@code /files/{name:path}}, {@code /pay/{id: [A-Z]{3}-\d+}}, Go's {@code /{$}}.
     * Parameters become {@code {name}}; those that match across slashes (a path converter, a
     * {@code .*} group, {@code ...}/{@code *} rests) become {@code {name*}}.
     */
    static String normalize(String path) {
        String p = path.trim();
        // Go 1.22: "/{$}" is the exact path; the anchor itself is no segment.
        p = p.replace("{$}", "");
        // Regex anchors wherever a joined prefix put them: "api/" + "^posts/$".
        p = p.replaceAll("(^|/)\\^", "$1").replaceAll("\\$(?=/|$)", "");
        p = namedGroups(p);
        p = ANGLE.matcher(p).replaceAll(m -> m.group(0).startsWith("<path:") ? "{$1*}" : "{$1}");
        p = BRACED_REST.matcher(p).replaceAll("{$1*}");
        p = replaceBraced(p);
        p = COLON.matcher(p).replaceAll("{$1}");
        if (p.endsWith("/*") || p.equals("*")) {
            p = p.substring(0, p.length() - 1) + "{rest*}";
        }
        p = p.replaceAll("/\\*([A-Za-z_][A-Za-z0-9_]*)", "/{$1*}");   // gin/echo catch-alls: /*filepath
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        p = p.replaceAll("/{2,}", "/");
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** Python named groups, parentheses balanced: {@code (?P<rest>.*)} is a rest, anything else one segment. */
    private static String namedGroups(String p) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < p.length()) {
            int start = p.indexOf("(?P<", i);
            if (start < 0) {
                break;
            }
            int nameEnd = p.indexOf('>', start);
            int end = nameEnd < 0 ? -1 : closing(p, start, '(', ')');
            if (end < 0) {
                break;
            }
            String name = p.substring(start + 4, nameEnd);
            String regex = p.substring(nameEnd + 1, end);
            out.append(p, i, start).append('{').append(name).append(matchesSlashes(regex) ? "*}" : "}");
            i = end + 1;
        }
        return out.append(p.substring(i)).toString();
    }

    /** A group's regex that can span segments: {@code .*}, {@code .+}, {@code [^?]*} and the like. */
    private static boolean matchesSlashes(String regex) {
        return regex.startsWith(".") || regex.equals("[\\s\\S]*") || regex.startsWith("[^?") || regex.contains("/");
    }

    /** Index of the bracket closing the one at {@code open}, counting nested ones; -1 when unbalanced. */
    private static int closing(String p, int open, char opening, char closingChar) {
        int depth = 0;
        for (int i = open; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == opening) {
                depth++;
            } else if (c == closingChar && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** {@code {name}}, {@code {name:regex}} with braces nested in the regex, {@code {name:path}} (a rest). */
    private static String replaceBraced(String p) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < p.length()) {
            int open = p.indexOf('{', i);
            if (open < 0) {
                break;
            }
            Matcher name = NAME.matcher(p).region(open + 1, p.length());
            int end = name.lookingAt() ? closing(p, open, '{', '}') : -1;
            if (end < 0) {
                out.append(p, i, open + 1);
                i = open + 1;
                continue;
            }
            String rest = p.substring(name.end(), end).trim();
            boolean already = rest.equals("*");
            String regex = rest.startsWith(":") ? rest.substring(1).trim() : "";
            out.append(p, i, open).append('{').append(name.group())
                    .append(already || regex.equals("path") || regex.equals(".*") || regex.equals(".+") ? "*}" : "}");
            i = end + 1;
        }
        return out.append(p.substring(i)).toString();
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** A prefix and a path, one slash between them. */
    static String join(String prefix, String path) {
        if (prefix == null || prefix.isEmpty()) {
            return path == null || path.isEmpty() ? "/" : path;
        }
        if (path == null || path.isEmpty() || path.equals("/")) {
            return prefix;
        }
        return (prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix) + (path.startsWith("/") ? path : "/" + path);
    }
}
