package io.vigil.discovery.code;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading Python text without parsing it: a call's arguments, positional and keyword, top-level
 * splits and the ends of strings (triple-quoted ones too).
 */
final class PythonSyntax {

    static final String NAME = "[A-Za-z_]\\w*";
    static final String DOTTED = NAME + "(?:\\s*\\.\\s*" + NAME + ")*";

    private PythonSyntax() {
    }

    static String keyword(List<String> args, String name) {
        for (String arg : args) {
            Matcher kw = Pattern.compile("(?s)" + Pattern.quote(name) + "\\s*=(?!=)\\s*(.*)").matcher(arg);
            if (kw.matches()) {
                return kw.group(1).trim();
            }
        }
        return null;
    }

    static String positional(List<String> args, int index) {
        int seen = 0;
        for (String arg : args) {
            if (arg.matches("(?s)" + NAME + "\\s*=[^=].*") || arg.startsWith("*")) {
                continue;
            }
            if (seen++ == index) {
                return arg;
            }
        }
        return null;
    }

    /** The top-level arguments of the call whose "(" is at {@code open}, trimmed. */
    static List<String> arguments(String text, int open) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = open + 1;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i = stringEnd(text, i);
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (--depth == 0) {
                    addArgument(out, text.substring(start, i));
                    return out;
                }
            } else if (c == ',' && depth == 1) {
                addArgument(out, text.substring(start, i));
                start = i + 1;
            }
        }
        return out;
    }

    private static void addArgument(List<String> out, String arg) {
        if (!arg.isBlank()) {
            out.add(arg.trim());
        }
    }

    static List<String> splitTopLevel(String e, char separator) {
        return SourceText.splitTopLevel(e, separator, "'\"", i -> stringEnd(e, i));
    }

    /** Index of the quote closing the string (single or triple quoted) that opens at {@code start}. */
    static int stringEnd(String text, int start) {
        char quote = text.charAt(start);
        boolean triple = text.startsWith(String.valueOf(quote).repeat(3), start);
        String closing = triple ? String.valueOf(quote).repeat(3) : String.valueOf(quote);
        for (int i = start + closing.length(); i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (text.startsWith(closing, i)) {
                return i + closing.length() - 1;
            } else if (c == '\n' && !triple) {
                return i;
            }
        }
        return text.length() - 1;
    }
}
