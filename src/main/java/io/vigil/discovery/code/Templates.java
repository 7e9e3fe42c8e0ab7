package io.vigil.discovery.code;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Every framework's path syntax to one template form, and prefixes joined to paths. */
final class Templates {

    private static final Pattern COLON = Pattern.compile(":([A-Za-z_][A-Za-z0-9_]*)(?:\\([^)]*\\))?\\??");
    private static final Pattern ANGLE = Pattern.compile("<(?:[a-z]+:)?([A-Za-z_][A-Za-z0-9_]*)>");
    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?P<([A-Za-z_][A-Za-z0-9_]*)>[^)]*\\)");
    private static final Pattern BRACED_REGEX = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?}");
    private static final Pattern BRACED_REST = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(?:\\.\\.\\.|\\*)}");

    private Templates() {
    }

    /** Normalises a framework path: {@code /users/:id}, {@code users/<int:id>/}, {@code ^users/(?P<id>\d+)/$}. */
    static String normalize(String path) {
        String p = path.trim();
        if (p.startsWith("^")) {
            p = p.substring(1);
        }
        if (p.endsWith("$")) {
            p = p.substring(0, p.length() - 1);
        }
        p = NAMED_GROUP.matcher(p).replaceAll("{$1}");
        p = ANGLE.matcher(p).replaceAll("{$1}");
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

    private static String replaceBraced(String p) {
        Matcher m = BRACED_REGEX.matcher(p);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement("{" + m.group(1) + "}"));
        }
        m.appendTail(out);
        return out.toString();
    }

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
