package io.vigil.discovery.code;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Go file, comments blanked, read just deeply enough to follow routers through the code: its
 * package, function declarations and their parameters, constants, and calls with their arguments
 * and the chain they are made on ({@code s.router.With(auth).Get(…)}). Not a parser: it matches
 * brackets outside string literals, which is all that route registration code needs.
 */
final class GoSource {

    /** One link of a chain such as {@code r.Group("/v1").GET}: a name, and its arguments when it is a call. */
    record Link(String name, List<String> args) {
        boolean isCall() {
            return args != null;
        }
    }

    /** {@code receiver.name(args)}; the receiver is empty for a plain {@code name(args)}; {@code end} is after the ')'. */
    record Call(int start, List<Link> receiver, String name, int nameAt, List<String> args, int end) {
    }

    /** A top-level function or method declaration, from {@code func} to its closing brace. */
    record Function(String name, boolean method, List<String> params, int start, int end) {
    }

    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+(\\w+)");
    private static final Pattern FUNC = Pattern.compile("(?m)^func\\s*(\\([^()]*\\)\\s*)?(\\w+)\\s*(?:\\[[^\\]]*\\]\\s*)?\\(");
    private static final Pattern CONST = Pattern.compile("(?m)^\\s*const\\s+(\\w+)(?:\\s+[\\w.]+)?\\s*=\\s*(.+?)\\s*;?\\s*$");
    private static final Pattern CONST_GROUP = Pattern.compile("(?m)^\\s*const\\s*\\(");
    private static final Pattern CONST_SPEC = Pattern.compile("(?m)^\\s*(\\w+)(?:\\s+[\\w.]+)?\\s*=\\s*(.+?)\\s*;?\\s*$");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_]\\w*");

    final Path file;
    /** The package's directory: files in one directory are one package. */
    final Path dir;
    final String pkg;
    final String text;
    final List<Function> functions = new ArrayList<>();
    /** Constant name → its initializer expression. */
    final Map<String, String> constants = new HashMap<>();
    /** Where each character is part of a string or rune literal. */
    private final boolean[] quoted;
    private final Set<Integer> declaredNames = new HashSet<>();
    /** Offsets where lines begin, for line numbers without rescanning the text per route. */
    private final List<Integer> lineStarts = new ArrayList<>();

    GoSource(Path file, String textWithoutComments) {
        this.file = file;
        this.dir = file.toAbsolutePath().getParent();
        this.text = textWithoutComments;
        this.quoted = literals(text);
        lineStarts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lineStarts.add(i + 1);
            }
        }
        Matcher m = PACKAGE.matcher(text);
        this.pkg = m.find() ? m.group(1) : "";
        readFunctions();
        readConstants();
    }

    /** The 1-based line of an offset. */
    int line(int offset) {
        int found = Collections.binarySearch(lineStarts, offset);
        return found >= 0 ? found + 1 : -found - 1;
    }

    /** The function whose body holds {@code offset}, or null at package level. */
    Function enclosing(int offset) {
        int low = 0;
        int high = functions.size() - 1;
        while (low <= high) {       // declarations are in source order and do not nest
            int mid = (low + high) >>> 1;
            Function f = functions.get(mid);
            if (offset < f.start()) {
                high = mid - 1;
            } else if (offset >= f.end()) {
                low = mid + 1;
            } else {
                return f;
            }
        }
        return null;
    }

    /** The calls whose name {@code names} matches (a pattern ending in "\\s*\\("), declarations aside. */
    List<Call> calls(Pattern names) {
        List<Call> out = new ArrayList<>();
        Matcher m = names.matcher(text);
        while (m.find()) {
            int open = m.end() - 1;
            int close = closing(text, open);
            if (quoted[m.start()] || declaredNames.contains(m.start()) || close < 0) {
                continue;
            }
            List<Link> receiver = new ArrayList<>();
            int start = receiverBefore(m.start(), receiver);
            out.add(new Call(start, receiver, m.group(1), m.start(), split(text.substring(open + 1, close), ','), close + 1));
        }
        return out;
    }

    /** Counts identifiers outside literals, to tell a function nobody refers to. */
    void countIdentifiers(Map<String, Integer> counts) {
        Matcher m = IDENTIFIER.matcher(text);
        while (m.find()) {
            if (!quoted[m.start()] && (m.start() == 0 || !Character.isJavaIdentifierPart(text.charAt(m.start() - 1)))) {
                counts.merge(m.group(), 1, Integer::sum);
            }
        }
    }

    boolean isQuoted(int offset) {
        return quoted[offset];
    }

    /**
     * Reads the chain before the name at {@code nameStart} ({@code s.router.With(mw).} before
     * {@code Get}) into {@code links}, outermost first, and returns where it starts.
     */
    private int receiverBefore(int nameStart, List<Link> links) {
        int start = nameStart;
        int p = spaceBefore(nameStart);
        while (p > 0 && text.charAt(p - 1) == '.') {
            int end = spaceBefore(p - 1);
            List<String> args = null;
            if (end > 0 && text.charAt(end - 1) == ')' && !quoted[end - 1]) {
                int open = opening(end - 1);
                if (open < 0) {
                    break;
                }
                args = split(text.substring(open + 1, end - 1), ',');
                end = open;
            }
            int s = end;
            while (s > 0 && Character.isJavaIdentifierPart(text.charAt(s - 1))) {
                s--;
            }
            if (s == end) {
                break;      // a composite literal, an index expression …: not a plain chain
            }
            links.add(0, new Link(text.substring(s, end), args));
            start = s;
            p = spaceBefore(s);
        }
        return start;
    }

    private int spaceBefore(int offset) {
        int p = offset;
        while (p > 0 && Character.isWhitespace(text.charAt(p - 1))) {
            p--;
        }
        return p;
    }

    /** The offset of the bracket that opens the one closing at {@code close}, or -1. */
    private int opening(int close) {
        int depth = 0;
        for (int i = close; i >= 0; i--) {
            char c = text.charAt(i);
            if (quoted[i]) {
                continue;
            }
            if (c == ')' || c == ']' || c == '}') {
                depth++;
            } else if ((c == '(' || c == '[' || c == '{') && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private void readFunctions() {
        Matcher m = FUNC.matcher(text);
        while (m.find()) {
            int open = m.end() - 1;
            int close = closing(text, open);
            int body = close < 0 ? -1 : bodyOpening(close + 1);
            if (body < 0) {
                continue;   // declared without a body (implemented in assembly)
            }
            int end = closing(text, body);
            List<String> params = new ArrayList<>();
            for (String param : split(text.substring(open + 1, close), ',')) {
                String name = param.split("\\s+", 2)[0];
                params.add(IDENTIFIER.matcher(name).matches() ? name : "");
            }
            functions.add(new Function(m.group(2), m.group(1) != null, params, m.start(), end < 0 ? text.length() : end + 1));
            declaredNames.add(m.start(2));
        }
    }

    /** The brace opening a function's body, after its results ({@code (T, error)}, {@code interface{}}); -1 if none on the line. */
    private int bodyOpening(int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[') {
                i = closing(text, i);
                if (i < 0) {
                    return -1;
                }
            } else if (c == '{') {
                String before = text.substring(0, i).stripTrailing();
                if (!before.endsWith("struct") && !before.endsWith("interface")) {
                    return i;
                }
                i = closing(text, i);
                if (i < 0) {
                    return -1;
                }
            } else if (c == '\n') {
                return -1;
            }
        }
        return -1;
    }

    private void readConstants() {
        Matcher m = CONST.matcher(text);
        while (m.find()) {
            constants.putIfAbsent(m.group(1), m.group(2));
        }
        m = CONST_GROUP.matcher(text);
        while (m.find()) {
            int close = closing(text, m.end() - 1);
            if (close > 0) {
                Matcher spec = CONST_SPEC.matcher(text.substring(m.end(), close));
                while (spec.find()) {
                    constants.putIfAbsent(spec.group(1), spec.group(2));
                }
            }
        }
    }

    /** The chain an expression consists of ({@code r.Group("/v1")}, {@code &mux}, {@code api.Routes()}), or null if it is anything else. */
    static List<Link> chain(String expression) {
        String s = expression.strip();
        s = s.startsWith("&") ? s.substring(1).strip() : s;
        List<Link> links = new ArrayList<>();
        int end = chainAt(s, 0, links);
        return end == s.length() && !links.isEmpty() ? links : null;
    }

    /** Reads the chain starting at {@code from} into {@code links}; returns where it ends. */
    static int chainAt(String s, int from, List<Link> links) {
        int p = from;
        while (true) {
            int e = p;
            while (e < s.length() && Character.isJavaIdentifierPart(s.charAt(e))) {
                e++;
            }
            if (e == p || Character.isDigit(s.charAt(p))) {
                return links.isEmpty() ? from : p;
            }
            String name = s.substring(p, e);
            List<String> args = null;
            if (e < s.length() && s.charAt(e) == '(') {
                int close = closing(s, e);
                if (close < 0) {
                    return p;
                }
                args = split(s.substring(e + 1, close), ',');
                e = close + 1;
            }
            links.add(new Link(name, args));
            int q = e;
            while (q < s.length() && Character.isWhitespace(s.charAt(q))) {
                q++;
            }
            if (q >= s.length() || s.charAt(q) != '.') {
                return e;
            }
            p = q + 1;
            while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
                p++;
            }
        }
    }

    /** The parts of {@code s} between top-level {@code separator}s (not in brackets or literals), stripped; no trailing empty part. */
    static List<String> split(String s, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '`' || c == '\'') {
                i = literalEnd(s, i) - 1;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == separator && depth == 0) {
                parts.add(s.substring(from, i).strip());
                from = i + 1;
            }
        }
        String last = s.substring(from).strip();
        if (!last.isEmpty() || !parts.isEmpty()) {
            parts.add(last);
        }
        if (!parts.isEmpty() && parts.get(parts.size() - 1).isEmpty()) {
            parts.remove(parts.size() - 1);     // a trailing comma before a line break
        }
        return parts;
    }

    /** The offset of the bracket closing the one at {@code open}, skipping literals; -1 if unbalanced. */
    static int closing(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '`' || c == '\'') {
                i = literalEnd(s, i) - 1;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if ((c == ')' || c == ']' || c == '}') && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The offset after the literal opening at {@code start}. */
    private static int literalEnd(String s, int start) {
        char quote = s.charAt(start);
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quote != '`') {
                i++;
            } else if (c == quote || (c == '\n' && quote != '`')) {
                return i + 1;
            }
        }
        return s.length();
    }

    private static boolean[] literals(String s) {
        boolean[] inside = new boolean[s.length() + 1];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '`' || c == '\'') {
                int end = literalEnd(s, i);
                for (int k = i; k < end; k++) {
                    inside[k] = true;
                }
                i = end - 1;
            }
        }
        return inside;
    }
}
