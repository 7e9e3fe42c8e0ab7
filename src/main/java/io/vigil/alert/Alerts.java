package io.vigil.alert;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The alerts this node raised: the most recent {@link #KEPT} in memory for the admin API, and
 * handed to every sink (webhooks). Raising never blocks: sinks queue and deliver on their own
 * threads.
 */
public final class Alerts {

    public static final int KEPT = 1_000;

    private final Deque<Alert> recent = new ArrayDeque<>();
    private final List<Consumer<Alert>> sinks = new CopyOnWriteArrayList<>();

    public void raise(Alert alert) {
        synchronized (recent) {
            recent.addFirst(alert);
            if (recent.size() > KEPT) {
                recent.removeLast();
            }
        }
        for (Consumer<Alert> sink : sinks) {
            sink.accept(alert);
        }
    }

    /** Newest first. */
    public List<Alert> recent() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    public void addSink(Consumer<Alert> sink) {
        sinks.add(sink);
    }

    public void removeSink(Consumer<Alert> sink) {
        sinks.remove(sink);
    }
}
