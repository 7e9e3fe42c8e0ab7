package io.vigil.discovery.code;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading JavaScript text without parsing it: calls found from their {@code .method(}, a call's
 * arguments, an object literal's properties, strings and matching brackets, and a module's identity.
 */
final class JsSyntax {

    static final String IDENT = "[A-Za-z_$][\\w$]*";

    /** {@code receiver.method(…)}: the receiver's name and where it starts, the method, and the call's "(". */
    record Call(String receiver, int start, String method, int open) {
    }

    private JsSyntax() {
    }

    /** Each {@code receiver.method(} whose method the pattern (from the ".", method as group 1, up to the "(") matches. */
    static List<Call> calls(String text, Pattern method) {
        List<Call> out = new ArrayList<>();
        Matcher m = method.matcher(text);
        while (m.find()) {
            int end = m.start();
            while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
                end--;
            }
            int start = end;
            while (start > 0 && isIdentifierPart(text.charAt(start - 1))) {
                start--;
            }
            if (start < end && !Character.isDigit(text.charAt(start))) {
                out.add(new Call(text.substring(start, end), start, m.group(1), m.end() - 1));
            }
        }
        return out;
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    static String verb(String name) {
        String v = name.toUpperCase(Locale.ROOT);
        return v.equals("ALL") ? "*" : v;
    }

    /** The top-level arguments of the call whose "(" is at {@code open}, trimmed. */
    static List<String> arguments(String text, int open) {
        List<String> out = new ArrayList<>();
        for (int[] span : argumentSpans(text, open)) {
            out.add(text.substring(span[0], span[1]).trim());
        }
        return out;
    }

    /** Start and end of each top-level item between the bracket at {@code open} and its match, blanks left out. */
    static List<int[]> argumentSpans(String text, int open) {
        List<int[]> out = new ArrayList<>();
        int end = skipCall(text, open) - 1;
        int start = open + 1;
        int depth = 0;
        for (int i = open + 1; i <= end && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = stringEnd(text, i);
            } else if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if ((c == ')' || c == '}' || c == ']') && depth > 0) {
                depth--;
            } else if ((c == ',' && depth == 0) || i == end) {
                int s = start;
                while (s < i && Character.isWhitespace(text.charAt(s))) {
                    s++;
                }
                if (s < i) {
                    out.add(new int[] {s, i});
                }
                start = i + 1;
            }
        }
        return out;
    }

    /** An object literal's top-level {@code key: value} pairs (shorthand {@code { handler }} as itself). */
    static Map<String, String> properties(String text, int open) {
        Map<String, String> out = new HashMap<>();
        for (String item : arguments(text, open)) {
            Matcher pair = Pattern.compile("(?s)['\"]?(" + IDENT + ")['\"]?\\s*:\\s*(.*)").matcher(item);
            if (pair.matches()) {
                out.put(pair.group(1), pair.group(2).trim());
            } else if (item.matches(IDENT)) {
                out.put(item, item);
            }
        }
        return out;
    }

    static List<String> splitTopLevel(String e, char separator) {
        return SourceText.splitTopLevel(e, separator, "'\"`", i -> stringEnd(e, i));
    }

    /** Index of the quote closing the string that opens at {@code start} (a template literal's {@code ${…}} included). */
    static int stringEnd(String text, int start) {
        char quote = text.charAt(start);
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            } else if (c == '\n' && quote != '`') {
                return i;
            }
        }
        return text.length() - 1;
    }

    /** Past the bracket matching the one at {@code open}: parentheses, braces and brackets, strings skipped. */
    static int skipCall(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = stringEnd(text, i);
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
    static String strip(String path) {
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
