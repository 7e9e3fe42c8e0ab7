package io.vigil.proxy;

import io.vertx.core.Vertx;

/**
 * Timeouts for in-flight upstream exchanges without a timer per request. Each event loop keeps
 * its exchanges in an intrusive list and sweeps it every {@link #TICK_MILLIS}; adding and
 * removing are O(1) and allocate nothing. A per-request Vert.x timer cost a priority-queue insert
 * and removal on every request, which profiling showed as a tenth of the proxy's CPU.
 * Timeouts therefore fire up to one tick late.
 */
final class Deadlines {

    static final long TICK_MILLIS = 50;

    /** Something with deadlines, linked into one event loop's list. */
    abstract static class Entry {
        Entry previous;
        Entry next;
        boolean linked;

        /** Called on the sweep; aborts itself when a deadline has passed. */
        abstract void check(long nowNanos);
    }

    private static final ThreadLocal<Deadlines> PER_LOOP = new ThreadLocal<>();

    private final Entry head = new Entry() {
        @Override
        void check(long nowNanos) {
        }
    };

    private Deadlines() {
        head.previous = head;
        head.next = head;
    }

    /** The list of the calling event loop, created with its sweep on first use. */
    static Deadlines forCurrentLoop(Vertx vertx) {
        Deadlines deadlines = PER_LOOP.get();
        if (deadlines == null) {
            deadlines = new Deadlines();
            PER_LOOP.set(deadlines);
            Deadlines sweep = deadlines;
            // Runs on this event loop: the timer is set from its context.
            vertx.setPeriodic(TICK_MILLIS, id -> sweep.sweep());
        }
        return deadlines;
    }

    void add(Entry entry) {
        if (entry.linked) {
            return;
        }
        entry.previous = head.previous;
        entry.next = head;
        head.previous.next = entry;
        head.previous = entry;
        entry.linked = true;
    }

    static void remove(Entry entry) {
        if (!entry.linked) {
            return;
        }
        entry.previous.next = entry.next;
        entry.next.previous = entry.previous;
        entry.previous = null;
        entry.next = null;
        entry.linked = false;
    }

    private void sweep() {
        long now = System.nanoTime();
        Entry entry = head.next;
        while (entry != head) {
            Entry next = entry.next;
            entry.check(now);
            entry = next;
        }
    }
}
