package io.vigil.discovery.code;

import static io.vigil.discovery.code.PythonSyntax.DOTTED;
import static io.vigil.discovery.code.PythonSyntax.NAME;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the names of one Python file stand for: imports (relative ones made absolute), uses of
 * imported modules' attributes, module-level assignments, class attributes and what module-level
 * functions return.
 */
final class PythonDeclarations {

    private static final Pattern FROM_IMPORT = Pattern.compile("(?m)^[ \\t]*from\\s+(\\.*[\\w.]*)\\s+import\\s+(?:\\(([^)]*)\\)|([^\\n]*))");
    private static final Pattern IMPORT = Pattern.compile("(?m)^[ \\t]*import\\s+([^\\n]*)");
    private static final Pattern ASSIGNMENT = Pattern.compile("(?m)^(" + NAME + ")\\s*(?::[^=\\n]+)?=(?!=)\\s*([^\\n]+)");
    private static final Pattern CLASS = Pattern.compile("(?m)^class\\s+(" + NAME + ")[^\\n]*:[ \\t]*\\n");
    private static final Pattern ATTRIBUTE = Pattern.compile("(?m)^([ \\t]+)(" + NAME + ")\\s*(?::[^=\\n]+)?=(?!=)\\s*([^\\n]+)");
    private static final Pattern FUNCTION = Pattern.compile("(?m)^def\\s+(" + NAME + ")\\s*\\(");
    private static final Pattern RETURNED_CALL = Pattern.compile("\\breturn\\s+(" + DOTTED + ")\\s*\\(");
    private static final Pattern ATTRIBUTE_USE = Pattern.compile("\\b(" + NAME + ")\\s*\\.\\s*(" + NAME + ")");

    private PythonDeclarations() {
    }

    /** Reads one file's imports, assignments, classes and settings factories into its module. */
    static void read(PythonModule m, String text) {
        imports(m, text);
        importedAttributes(m, text);
        assignments(m, text);
    }

    private static void imports(PythonModule m, String text) {
        Matcher from = FROM_IMPORT.matcher(text);
        while (from.find()) {
            String module = absolute(m, from.group(1));
            String names = from.group(2) != null ? from.group(2) : from.group(3);
            for (String part : names.split(",")) {
                String[] pair = part.trim().split("\\s+as\\s+");
                if (pair[0].matches(NAME)) {
                    m.imports.put(pair.length > 1 ? pair[1].trim() : pair[0], module + ":" + pair[0]);
                }
            }
        }
        Matcher plain = IMPORT.matcher(text);
        while (plain.find()) {
            for (String part : plain.group(1).split(",")) {
                String[] pair = part.trim().split("\\s+as\\s+");
                String module = pair[0].trim();
                if (module.matches(DOTTED)) {
                    // "import a.b" binds a; "import a.b as c" binds c to a.b
                    m.imports.put(pair.length > 1 ? pair[1].trim() : module.split("\\.")[0], pair.length > 1 ? module : module.split("\\.")[0]);
                }
            }
        }
    }

    private static void importedAttributes(PythonModule m, String text) {
        Matcher use = ATTRIBUTE_USE.matcher(text);
        while (!m.imports.isEmpty() && use.find()) {
            if (m.imports.containsKey(use.group(1))) {
                m.importedAttributes.add(use.group(1) + "." + use.group(2));
            }
        }
    }

    /** {@code from ..config import x} in package {@code app.routers}: {@code app.config}. */
    private static String absolute(PythonModule m, String module) {
        int level = 0;
        while (level < module.length() && module.charAt(level) == '.') {
            level++;
        }
        if (level == 0) {
            return module;
        }
        String base = m.pkg;
        for (int i = 1; i < level; i++) {
            base = base.contains(".") ? base.substring(0, base.lastIndexOf('.')) : "";
        }
        String rest = module.substring(level);
        return base.isEmpty() ? rest : rest.isEmpty() ? base : base + "." + rest;
    }

    /** PythonModule-level assignments, class attributes, and what module-level functions return (settings factories). */
    private static void assignments(PythonModule m, String text) {
        Matcher assignment = ASSIGNMENT.matcher(text);
        while (assignment.find()) {
            m.assignments.putIfAbsent(assignment.group(1), assignment.group(2).trim());
        }
        Matcher cls = CLASS.matcher(text);
        while (cls.find()) {
            Map<String, String> attributes = new HashMap<>();
            String body = indentedBlock(text, cls.end());
            Matcher attribute = ATTRIBUTE.matcher(body);
            // the class's own attributes, not those assigned in its methods or nested classes
            String indent = firstIndent(body);
            while (attribute.find()) {
                if (attribute.group(1).equals(indent)) {
                    attributes.putIfAbsent(attribute.group(2), attribute.group(3).trim());
                }
            }
            m.classes.put(cls.group(1), attributes);
        }
        Matcher function = FUNCTION.matcher(text);
        while (function.find()) {
            Matcher returned = RETURNED_CALL.matcher(indentedBlock(text, text.indexOf('\n', function.end()) + 1));
            if (returned.find()) {
                m.returnedCalls.put(function.group(1), returned.group(1));
            }
        }
    }

    private static String firstIndent(String block) {
        for (String line : block.split("\n")) {
            if (!line.isBlank()) {
                return line.substring(0, line.length() - line.stripLeading().length());
            }
        }
        return "";
    }

    /** The indented lines from {@code start} up to the next line at column 0. */
    private static String indentedBlock(String text, int start) {
        if (start <= 0) {
            return "";
        }
        int end = start;
        // a line that starts with whitespace (blank ones included) is still inside the block
        while (end < text.length() && Character.isWhitespace(text.charAt(end))) {
            int next = text.indexOf('\n', end);
            end = next < 0 ? text.length() : next + 1;
        }
        return text.substring(start, end);
    }
}
