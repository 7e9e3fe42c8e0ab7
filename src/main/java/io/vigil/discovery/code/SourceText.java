package io.vigil.discovery.code;

import java.util.regex.Matcher;

/** Helpers for the pattern-based scanners: line numbers of matches, and comment blanking. */
final class SourceText {

    private SourceText() {
    }

    /** The 1-based line of a character offset. */
    /**
     * {@code e} cut at each {@code separator} outside brackets and strings.
     *
     * @param quotes the characters that open a string in the language
     * @param stringEnd the language's rule for where the string opening at an index ends
     */
    static java.util.List<String> splitTopLevel(String e, char separator, String quotes,
            java.util.function.IntUnaryOperator stringEnd) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            if (quotes.indexOf(c) >= 0) {
                i = stringEnd.applyAsInt(i);
            } else if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (c == separator && depth == 0) {
                out.add(e.substring(start, i));
                start = i + 1;
            }
        }
        out.add(e.substring(start));
        return out;
    }

    /** The values of {@code a + b + c}, joined; null when any part has no known value. */
    static String concatenation(java.util.List<String> parts, java.util.function.Function<String, String> value) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            String v = value.apply(part);
            if (v == null) {
                return null;
            }
            out.append(v);
        }
        return out.toString();
    }

    static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    static int line(String text, Matcher m) {
        return line(text, m.start());
    }

    /**
     * The text with comments replaced by spaces (line breaks kept, so line numbers stay right):
     * {@code //} and {@code /* *}{@code /} for C-like languages, {@code #} for Python. Strings are
     * respected, so a URL's {@code //} is not taken for a comment.
     */
    static String withoutComments(String text, boolean python) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                int end = stringEnd(text, i, c);
                out.append(text, i, end);
                i = end;
            } else if (!python && c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (!python && c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                for (int k = i; k < end; k++) {
                    out.append(text.charAt(k) == '\n' ? '\n' : ' ');
                }
                i = end;
            } else if (python && c == '#') {
                while (i < n && text.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int stringEnd(String text, int start, char quote) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == quote) {
                return i + 1;
            }
            if (c == '\n' && quote != '`') {
                return i;
            }
            i++;
        }
        return text.length();
    }
}
