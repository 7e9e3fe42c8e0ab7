package io.vigil.discovery.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Declared operations, looked up by method and path. A path may be concrete
 * ({@code /v1/orders/17}) or a discovery template ({@code /v1/orders/{id}}): a spec's parameter
 * segment matches anything, a spec's literal only that literal. When several match, the one with
 * more literal segments wins ({@code /orders/latest} over {@code /orders/{id}}). {@code HEAD}
 * is served by a declared {@code GET}.
 */
public final class SpecIndex {

    private record Entry(DeclaredEndpoint declared, String[] segments, int literals) {
    }

    public static final SpecIndex EMPTY = new SpecIndex(List.of());

    private final List<Entry> entries;
    private final List<DeclaredEndpoint> all;

    private SpecIndex(List<Entry> entries) {
        this.entries = entries;
        this.all = entries.stream().map(Entry::declared).toList();
    }

    public static SpecIndex of(List<DeclaredEndpoint> declared) {
        List<Entry> entries = new ArrayList<>();
        for (DeclaredEndpoint d : declared) {
            String[] segments = segments(d.template());
            int literals = 0;
            for (int i = 0; i < segments.length; i++) {
                if (segments[i].indexOf('{') >= 0) {
                    segments[i] = null;     // a parameter, whole or part of the segment (file.{ext})
                } else {
                    literals++;
                }
            }
            entries.add(new Entry(d, segments, literals));
        }
        entries.sort(Comparator.comparingInt((Entry e) -> -e.literals()));
        return new SpecIndex(List.copyOf(entries));
    }

    public List<DeclaredEndpoint> all() {
        return all;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The declared operation for this method and path, or null. */
    public DeclaredEndpoint find(String method, String path) {
        String[] segments = segments(path);
        DeclaredEndpoint get = null;
        for (Entry e : entries) {
            if (!matches(e.segments(), segments)) {
                continue;
            }
            if (e.declared().method().equals(method)) {
                return e.declared();
            }
            if (get == null && method.equals("HEAD") && e.declared().method().equals("GET")) {
                get = e.declared();
            }
        }
        return get;
    }

    /** Every declared operation on this path, whatever its method (to tell a method not in the spec from a path not in it). */
    public List<DeclaredEndpoint> onPath(String path) {
        String[] segments = segments(path);
        List<DeclaredEndpoint> out = new ArrayList<>();
        for (Entry e : entries) {
            if (matches(e.segments(), segments)) {
                out.add(e.declared());
            }
        }
        return out;
    }

    private static boolean matches(String[] declared, String[] observed) {
        if (declared.length != observed.length) {
            return false;
        }
        for (int i = 0; i < declared.length; i++) {
            if (declared[i] != null && !declared[i].equals(observed[i])) {
                return false;
            }
        }
        return true;
    }

    static String[] segments(String path) {
        List<String> out = new ArrayList<>();
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (end > start) {
                out.add(path.substring(start, end));
            }
            start = end + 1;
        }
        return out.toArray(new String[0]);
    }
}
