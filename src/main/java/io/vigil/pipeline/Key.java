package io.vigil.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A typed per-request attribute for stages that need state no fixed {@link Exchange} field
 * covers. Declare keys as constants; each gets a slot index, so lookups are array reads.
 */
public final class Key<T> {
    private static final AtomicInteger NEXT = new AtomicInteger();

    final int index;
    private final String name;
    private final Class<T> type;

    private Key(String name, Class<T> type) {
        this.name = requireNonNull(name, "name");
        this.type = requireNonNull(type, "type");
        this.index = NEXT.getAndIncrement();
    }

    public static <T> Key<T> of(String name, Class<T> type) {
        return new Key<>(name, type);
    }

    T cast(Object value) {
        return type.cast(value);
    }

    @Override
    public String toString() {
        return "Key(" + name + ")";
    }
}
