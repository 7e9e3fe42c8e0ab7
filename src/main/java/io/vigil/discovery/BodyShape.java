package io.vigil.discovery;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a JSON body holds, without keeping any of it: its field paths ({@code id},
 * {@code customer.email}, {@code items[].sku}) and, for each kind of sensitive value found, the
 * first field holding one. Bounded in depth, fields and work; a body that is not JSON yields nothing.
 */
record BodyShape(Set<String> fields, Map<String, String> sensitive) {

    static final int MAX_DEPTH = 16;
    static final int MAX_FIELDS = 128;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20).build())
            .build();

    static final BodyShape EMPTY = new BodyShape(Set.of(), Map.of());

    static BodyShape of(byte[] body) {
        Set<String> fields = new TreeSet<>();
        Map<String, String> sensitive = new TreeMap<>();
        try (JsonParser p = JSON.createParser(body)) {
            Deque<String> path = new ArrayDeque<>();
            Deque<Boolean> inArray = new ArrayDeque<>();
            String field = null;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> {
                        if (!inArray.isEmpty()) {
                            path.push(inArray.peek() ? "[]" : field == null ? "" : field);
                        }
                        inArray.push(t == JsonToken.START_ARRAY);
                        if (inArray.size() > MAX_DEPTH) {
                            return new BodyShape(Set.copyOf(fields), Map.copyOf(sensitive));
                        }
                    }
                    case END_OBJECT, END_ARRAY -> {
                        inArray.pop();
                        if (!path.isEmpty()) {
                            path.pop();
                        }
                    }
                    case FIELD_NAME -> {
                        field = key(p.currentName());
                        if (fields.size() < MAX_FIELDS) {
                            fields.add(join(path, field));
                        }
                    }
                    case VALUE_STRING -> {
                        String name = inArray.isEmpty() || inArray.peek() ? (path.isEmpty() ? null : path.peek()) : field;
                        String kind = SensitiveData.classify(name, p.getText());
                        if (kind != null) {
                            sensitive.putIfAbsent(kind, inArray.isEmpty() ? "(body)"
                                    : inArray.peek() ? join(path, "[]") : join(path, field));
                        }
                    }
                    case VALUE_NUMBER_INT -> {
                        // Card numbers are sometimes numbers; nothing else sensitive is.
                        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || p.getNumberType() == JsonParser.NumberType.LONG) {
                            String name = inArray.isEmpty() || inArray.peek() ? (path.isEmpty() ? null : path.peek()) : field;
                            if ("card_number".equals(SensitiveData.classify(name, p.getText()))) {
                                sensitive.putIfAbsent("card_number", inArray.isEmpty() ? "(body)"
                                        : inArray.peek() ? join(path, "[]") : join(path, field));
                            }
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not JSON, or cut short: what was read so far still counts.
        }
        return new BodyShape(Set.copyOf(fields), Map.copyOf(sensitive));
    }

    static final int MAX_KEY = 64;

    /**
     * A key as recorded: maps keyed by data ({@code {"DE89…": 1}}, ids, emails, tokens) must not
     * put that data into the inventory, so keys that look like values become {@code {key}}, and
     * overlong ones {@code {long}}.
     */
    static String key(String name) {
        if (name.length() > MAX_KEY) {
            return "{long}";
        }
        if (SegmentPatterns.placeholder(name) != null || SensitiveData.classify(null, name) != null) {
            return "{key}";
        }
        return name;
    }

    /** {@code a.b.c} from the enclosing names (outermost last in the deque) and a field; array levels read {@code []}. */
    private static String join(Deque<String> path, String field) {
        StringBuilder out = new StringBuilder();
        var it = path.descendingIterator();
        while (it.hasNext()) {
            String part = it.next();
            if (part.isEmpty()) {
                continue;
            }
            if (part.equals("[]")) {
                out.append("[]");
            } else {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(part);
            }
        }
        if (field != null && !field.equals("[]")) {
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(field);
        } else if (field != null) {
            out.append("[]");
        }
        return out.toString();
    }
}
