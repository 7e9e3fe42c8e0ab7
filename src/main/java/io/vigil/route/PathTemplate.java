package io.vigil.route;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A compiled path template such as {@code /orders/{id}} or {@code /files/{rest*}}. Literal
 * segments must match exactly, {@code {name}} matches one non-empty segment, and a final
 * {@code {name*}} matches the rest of the path (zero or more characters after its slash).
 */
public final class PathTemplate {

    /** What kind of segment: order matters, it is the specificity order (literal beats param). */
    public enum Kind { LITERAL, PARAM, CATCH_ALL }

    public record Segment(Kind kind, String value) {
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9\\-._~!$&'()*+,=:@%]*");

    private final String source;
    private final List<Segment> segments;
    private final List<String> paramNames;

    private PathTemplate(String source, List<Segment> segments, List<String> paramNames) {
        this.source = source;
        this.segments = List.copyOf(segments);
        this.paramNames = List.copyOf(paramNames);
    }

    /** Parses a template; the message of the exception says what is wrong and where. */
    public static PathTemplate parse(String template) {
        if (template == null || !template.startsWith("/")) {
            throw new IllegalArgumentException("path template must start with '/': " + template);
        }
        List<Segment> segments = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String[] parts = template.substring(1).split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            if (part.startsWith("{") && part.endsWith("}")) {
                boolean catchAll = part.endsWith("*}");
                String name = part.substring(1, part.length() - (catchAll ? 2 : 1));
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("invalid parameter name '" + name + "' in " + template);
                }
                if (names.contains(name)) {
                    throw new IllegalArgumentException("parameter '" + name + "' appears twice in " + template);
                }
                if (catchAll && !last) {
                    throw new IllegalArgumentException("'{" + name + "*}' must be the last segment of " + template);
                }
                names.add(name);
                segments.add(new Segment(catchAll ? Kind.CATCH_ALL : Kind.PARAM, name));
            } else {
                if (part.contains("{") || part.contains("}")) {
                    throw new IllegalArgumentException(
                            "a parameter must be a whole segment ('/{id}'), got '" + part + "' in " + template);
                }
                if (!LITERAL.matcher(part).matches() || part.equals(".") || part.equals("..")) {
                    throw new IllegalArgumentException("invalid path segment '" + part + "' in " + template);
                }
                if (part.isEmpty() && !last) {
                    throw new IllegalArgumentException("empty segment ('//') in " + template);
                }
                segments.add(new Segment(Kind.LITERAL, part));
            }
        }
        return new PathTemplate(template, segments, names);
    }

    public String source() {
        return source;
    }

    public List<Segment> segments() {
        return segments;
    }

    public List<String> paramNames() {
        return paramNames;
    }

    /** Two templates have the same shape when they match exactly the same paths. */
    public String shape(boolean caseInsensitive) {
        StringBuilder shape = new StringBuilder();
        for (Segment segment : segments) {
            shape.append('/');
            switch (segment.kind()) {
                case LITERAL -> shape.append(caseInsensitive ? segment.value().toLowerCase(java.util.Locale.ROOT)
                        : segment.value());
                case PARAM -> shape.append("{}");
                case CATCH_ALL -> shape.append("{*}");
            }
        }
        return shape.toString();
    }

    @Override
    public String toString() {
        return source;
    }
}
